import { AccountToken, Invitation, Membership, Organisation, RecoveryCode, SignInAttempt, User } from './identity.entities';

export * from './roles';
export * from './identity.entities';
export * from './principal';
export * from './password-hasher';
export * from './identity.repository';
export * from './identity.service';
export * from './auth.service';
export * from './access.decorators';
export * from './access.guard';
export * from './rate-limit';
export * from './identity.module';
export * from './identity.errors';

export const IDENTITY_ENTITIES = [Organisation, User, Membership, SignInAttempt, Invitation, AccountToken, RecoveryCode];
export * from './accounts/account.errors';
export * from './accounts/accounts.service';
export * from './accounts/administration.service';
export * from './accounts/invitation-links';
export * from './accounts/password-policy';
export * from './accounts/single-sign-on';
export type { MemberRow, SessionRow } from './accounts/accounts.repository';
export * from './second-factor/second-factor.roles';
export * from './second-factor/second-factor.service';
