import { Membership } from './membership.entity';
import { Organisation } from './organisation.entity';
import { SignInAttempt } from './sign-in-attempt.entity';
import { User } from './user.entity';

export * from './roles';
export * from './organisation.entity';
export * from './user.entity';
export * from './membership.entity';
export * from './sign-in-attempt.entity';
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
