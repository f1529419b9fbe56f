import { Membership, Organisation, SignInAttempt, User } from './identity.entities';

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

export const IDENTITY_ENTITIES = [Organisation, User, Membership, SignInAttempt];
