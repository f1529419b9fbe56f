import { Field, ID, InputType, ObjectType, registerEnumType, createUnionType, Int } from '@nestjs/graphql';
import { IsBoolean, IsEnum, IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
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
  @Field(() => Boolean, {
    description: 'Staff without two-step verification: this token only sets it up (beginSecondFactorSetUp, confirmSecondFactorSetUp)',
  })
  secondFactorSetUpRequired!: boolean;
}

@ObjectType('SecondFactorRequired', { description: 'The password was right; finish with completeSignIn and a code from the app' })
export class SecondFactorRequired {
  @Field(() => String) challengeToken!: string;
  @Field(() => Date) expiresAt!: Date;
}

@ObjectType('SignInLinkSent', {
  implements: () => [ErrorResult],
  description: 'A password is not accepted from here just now; an emailed link is',
})
export class SignInLinkSent implements ErrorResult {
  @Field(() => String) errorCode = 'SIGN_IN_LINK_SENT';
  @Field(() => String) message!: string;
}

@ObjectType('AccountError', { implements: () => [ErrorResult], description: 'An account link or invitation that cannot be used, and why' })
export class AccountError implements ErrorResult {
  @Field(() => String) errorCode!: string;
  @Field(() => String) message!: string;
}

@ObjectType('SecondFactorSetUp')
export class SecondFactorSetUpModel {
  @Field(() => String, { description: 'To type into an authenticator app' }) secret!: string;
  @Field(() => String, { description: 'otpauth:// URI' }) uri!: string;
  @Field(() => String, { description: 'The URI as a QR code, SVG' }) qrSvg!: string;
}

@ObjectType('SecondFactorConfirmed')
export class SecondFactorConfirmed {
  @Field(() => [String], { description: 'Shown once: each works once if the app is lost' }) recoveryCodes!: string[];
  @Field(() => String, { description: 'A new token that has passed the second factor' }) accessToken!: string;
  @Field(() => Date) expiresAt!: Date;
}

export const SecondFactorConfirmResult = createUnionType({
  name: 'SecondFactorConfirmResult',
  types: () => [SecondFactorConfirmed, InvalidCredentialsError] as const,
});

@ObjectType('Invitation')
export class InvitationModel {
  @Field(() => ID) id!: string;
  @Field(() => String) kind!: string;
  @Field(() => String) email!: string;
  @Field(() => String) displayName!: string;
  @Field(() => ID) organisationId!: string;
  @Field(() => Role, { nullable: true }) role!: Role | null;
  @Field(() => ID, { nullable: true }) holderId!: string | null;
  @Field(() => Date) createdAt!: Date;
  @Field(() => Date) expiresAt!: Date;
  @Field(() => Date, { nullable: true }) acceptedAt!: Date | null;
  @Field(() => Date, { nullable: true }) withdrawnAt!: Date | null;
}

export const InvitationResult = createUnionType({ name: 'InvitationResult', types: () => [InvitationModel, AccountError] as const });

@ObjectType('AccountJoined')
export class AccountJoined {
  @Field(() => ID) userId!: string;
}

export const AccountLinkResult = createUnionType({ name: 'AccountLinkResult', types: () => [AccountJoined, AccountError] as const });

@ObjectType('OrganisationDetail')
export class OrganisationDetailModel {
  @Field(() => ID) id!: string;
  @Field(() => String) name!: string;
  @Field(() => OrganisationKind) kind!: OrganisationKind;
  @Field(() => ID, { nullable: true, description: 'The commissioning area it works in' }) commissionerId!: string | null;
  @Field(() => Date, { nullable: true, description: 'Null while a registration waits for a moderator' }) approvedAt!: Date | null;
  @Field(() => String, { nullable: true }) rejectionReason!: string | null;
  @Field(() => Date) createdAt!: Date;
}

export const RegistrationDecisionResult = createUnionType({
  name: 'RegistrationDecisionResult',
  types: () => [OrganisationDetailModel, AccountError] as const,
});

@ObjectType('Member')
export class MemberModel {
  @Field(() => ID) userId!: string;
  @Field(() => String) displayName!: string;
  @Field(() => String) email!: string;
  @Field(() => Role) role!: Role;
  @Field(() => Boolean) admin!: boolean;
  @Field(() => Boolean) secondFactor!: boolean;
  @Field(() => Date) joinedAt!: Date;
}

@ObjectType('AccountSession')
export class AccountSessionModel {
  @Field(() => ID) id!: string;
  @Field(() => Date, { nullable: true }) signedInAt!: Date | null;
  @Field(() => String, { nullable: true }) device!: string | null;
  @Field(() => Date) expiresAt!: Date;
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
  types: () => [SignInSuccess, SecondFactorRequired, InvalidCredentialsError, TooManySignInAttemptsError, SignInLinkSent] as const,
});

@InputType()
export class InviteStaffInput {
  @Field(() => ID) @IsUUID() organisationId!: string;
  @Field(() => String) @IsString() @MaxLength(320) email!: string;
  @Field(() => String) @IsString() @MaxLength(200) displayName!: string;
  @Field(() => Role) @IsEnum(Role) role!: Role;
  @Field(() => Boolean, { defaultValue: false, description: 'Also an admin of the organisation' }) @IsBoolean() admin!: boolean;
  @Field(() => String, { defaultValue: 'en', description: 'The language of the email: en or ur' }) @IsIn(['en', 'ur']) language!: string;
}

@InputType()
export class RegisterProviderInput {
  @Field(() => String) @IsString() @MaxLength(200) organisationName!: string;
  @Field(() => ID, { description: 'The commissioning area it works in (commissioningAreas)' }) @IsUUID() areaId!: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(40) contactPhone!: string | null;
  @Field(() => String) @IsString() @MaxLength(200) displayName!: string;
  @Field(() => String) @IsString() @MaxLength(320) email!: string;
  @Field(() => String) @IsString() @MaxLength(1024) password!: string;
  @Field(() => String, { defaultValue: 'en' }) @IsIn(['en', 'ur']) language!: string;
}

@InputType()
export class CreateOrganisationInput {
  @Field(() => String) @IsString() @MaxLength(200) name!: string;
  @Field(() => OrganisationKind) @IsEnum(OrganisationKind) kind!: OrganisationKind;
  @Field(() => ID, { nullable: true, description: 'The commissioning area; none for a commissioner (an area itself)' })
  @IsOptional()
  @IsUUID()
  areaId!: string | null;
}

@ObjectType('CommissioningArea')
export class CommissioningAreaModel {
  @Field(() => ID) id!: string;
  @Field(() => String) name!: string;
}
