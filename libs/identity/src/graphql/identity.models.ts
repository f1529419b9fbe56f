import { Field, ID, ObjectType, registerEnumType, createUnionType, Int } from '@nestjs/graphql';
import { ErrorResult } from '@kinwell/kernel/graphql';
import { OrganisationKind, Role } from '../roles';

registerEnumType(OrganisationKind, { name: 'OrganisationKind' });
registerEnumType(Role, { name: 'Role', description: 'What a person does in an organisation' });

@ObjectType('Organisation')
export class OrganisationModel {
  @Field(() => ID) id!: string;
  @Field(() => String) name!: string;
  @Field(() => OrganisationKind) kind!: OrganisationKind;
}

@ObjectType('Membership')
export class MembershipModel {
  @Field(() => OrganisationModel) organisation!: OrganisationModel;
  @Field(() => Role) role!: Role;
  @Field(() => Boolean, { description: 'Lived experience of mental health services (panel tiers may require it)' })
  livedExperience!: boolean;
}

@ObjectType('User')
export class UserModel {
  @Field(() => ID) id!: string;
  @Field(() => String) email!: string;
  @Field(() => String) displayName!: string;
  @Field(() => [MembershipModel]) memberships!: MembershipModel[];
}

@ObjectType('SignInSuccess')
export class SignInSuccess {
  @Field(() => String, { description: 'Send as "Authorization: Bearer <accessToken>"' }) accessToken!: string;
  @Field(() => Date) expiresAt!: Date;
  @Field(() => UserModel) user!: UserModel;
}

@ObjectType('InvalidCredentialsError', { implements: () => [ErrorResult] })
export class InvalidCredentialsError implements ErrorResult {
  @Field(() => String) errorCode = 'INVALID_CREDENTIALS';
  @Field(() => String) message!: string;
}

@ObjectType('TooManySignInAttemptsError', { implements: () => [ErrorResult] })
export class TooManySignInAttemptsError implements ErrorResult {
  @Field(() => String) errorCode = 'TOO_MANY_SIGN_IN_ATTEMPTS';
  @Field(() => String) message!: string;
  @Field(() => Int) retryAfterSeconds!: number;
}

export const SignInResult = createUnionType({
  name: 'SignInResult',
  types: () => [SignInSuccess, InvalidCredentialsError, TooManySignInAttemptsError] as const,
});
