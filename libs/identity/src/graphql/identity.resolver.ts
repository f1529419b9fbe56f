import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { ClientIp, CurrentUser, CurrentUserIfAny, Public, SettingUpSecondFactor, SignedIn } from '../access.decorators';
import { AccountFailure } from '../accounts/account.errors';
import { AccountsService } from '../accounts/accounts.service';
import { AdministrationService } from '../accounts/administration.service';
import { AuthService } from '../auth.service';
import { Invitation, Organisation } from '../identity.entities';
import { INVALID_CREDENTIALS_MESSAGE, LINK_SENT_MESSAGE, SignInOutcome } from '../identity.errors';
import { IdentityService } from '../identity.service';
import { Principal } from '../principal';
import { SecondFactorService } from '../second-factor/second-factor.service';
import { Role } from '../roles';
import {
  AccountError,
  AccountJoined,
  AccountLinkResult,
  AccountSessionModel,
  CommissioningAreaModel,
  CreateOrganisationInput,
  InvalidCredentialsError,
  InvitationModel,
  InvitationResult,
  InviteStaffInput,
  MemberModel,
  OrganisationDetailModel,
  RegisterProviderInput,
  RegistrationDecisionResult,
  SecondFactorConfirmed,
  SecondFactorConfirmResult,
  SecondFactorRequired,
  SecondFactorSetUpModel,
  SignInLinkSent,
  SignInResult,
  SignInSuccess,
  TooManySignInAttemptsError,
  UserModel,
} from './identity.models';

/** A failure as the union's error: its kind in capitals as the code, and the message to show. */
export const accountError = (f: AccountFailure) =>
  Object.assign(new AccountError(), { errorCode: f.kind.toUpperCase(), message: f.message });
const either = <T, M>(outcome: T | AccountFailure, map: (value: T) => M) =>
  typeof outcome === 'object' && outcome !== null && 'kind' in outcome && 'message' in outcome ? accountError(outcome) : map(outcome);
const invitationModel = (i: Invitation) => Object.assign(new InvitationModel(), i);
const organisationModel = (o: Organisation) => Object.assign(new OrganisationDetailModel(), o);

@Resolver()
export class IdentityResolver {
  constructor(
    private readonly auth: AuthService,
    private readonly identity: IdentityService,
    private readonly accounts: AccountsService,
    private readonly administration: AdministrationService,
    private readonly secondFactor: SecondFactorService,
  ) {}

  @Public()
  @Mutation(() => SignInResult, { description: 'Exchange an email and password for a bearer token (or a second-factor challenge)' })
  async signIn(
    @Args('email', { type: () => String }) email: string,
    @Args('password', { type: () => String }) password: string,
    @ClientIp() ip: string,
  ): Promise<typeof SignInResult> {
    return this.signInResult(await this.auth.signIn(email, password, ip));
  }

  @Public()
  @Mutation(() => SignInResult, { description: 'Finish signing in with a code from the authenticator app, or a recovery code' })
  async completeSignIn(
    @Args('challengeToken', { type: () => String }) challengeToken: string,
    @Args('code', { type: () => String }) code: string,
  ): Promise<typeof SignInResult> {
    return this.signInResult(await this.auth.completeSignIn(challengeToken, code));
  }

  @Public()
  @Mutation(() => Boolean, { description: 'Email a link to sign in with. The same answer whether or not the email has an account' })
  async requestSignInLink(@Args('email', { type: () => String }) email: string): Promise<boolean> {
    await this.accounts.requestSignInLink(email);
    return true;
  }

  @Public()
  @Mutation(() => SignInResult, { description: 'Sign in with an emailed link' })
  async signInWithLink(@Args('token', { type: () => String }) token: string): Promise<typeof SignInResult> {
    const used = await this.accounts.useSignInLink(token);
    if ('kind' in used) return Object.assign(new InvalidCredentialsError(), { message: used.message });
    return this.signInResult(await this.auth.afterFirstFactor(used.userId));
  }

  @SignedIn()
  @Query(() => UserModel, { description: 'The signed-in person and their organisations and roles' })
  me(@CurrentUser() principal: Principal): Promise<UserModel> {
    return this.identity.userProfile(principal.userId);
  }

  @SettingUpSecondFactor()
  @Mutation(() => SecondFactorSetUpModel, { description: 'Start setting up two-step verification: a secret for an authenticator app' })
  beginSecondFactorSetUp(@CurrentUser() principal: Principal) {
    return this.secondFactor.beginSetUp(principal.userId);
  }

  @SettingUpSecondFactor()
  @Mutation(() => SecondFactorConfirmResult, {
    description: 'Turn two-step verification on with a first code; returns recovery codes and a new token',
  })
  async confirmSecondFactorSetUp(@CurrentUser() principal: Principal, @Args('code', { type: () => String }) code: string) {
    const codes = await this.secondFactor.confirmSetUp(principal.userId, code);
    if (!codes) return Object.assign(new InvalidCredentialsError(), { message: 'That code is not right. Check the app and try again.' });
    const token = await this.auth.issue(principal.userId, true, false);
    return Object.assign(new SecondFactorConfirmed(), { recoveryCodes: codes, accessToken: token.accessToken, expiresAt: token.expiresAt });
  }

  @Public()
  @Mutation(() => AccountLinkResult, {
    description:
      'Accept an invitation: a new account (a password, or null to sign in by emailed link each time), or, signed in, your existing one',
  })
  async acceptInvitation(
    @Args('token', { type: () => String }) token: string,
    @Args('displayName', { type: () => String }) displayName: string,
    @Args('password', { type: () => String, nullable: true }) password: string | null,
    @CurrentUserIfAny() principal: Principal | null,
  ) {
    return either(await this.accounts.acceptInvitation(token, { displayName, password: password ?? null }, principal), (r) =>
      Object.assign(new AccountJoined(), { userId: r.userId }),
    );
  }

  @SignedIn()
  @Mutation(() => InvitationResult, { description: 'An organisation admin invites a colleague with a role' })
  async inviteStaff(@CurrentUser() principal: Principal, @Args('input') input: InviteStaffInput) {
    return either(await this.accounts.inviteStaff(principal, input), invitationModel);
  }

  @SignedIn()
  @Mutation(() => InvitationResult, { description: 'Send an invitation again with a new link, valid 7 more days' })
  async resendInvitation(@CurrentUser() principal: Principal, @Args('id', { type: () => ID }) id: string) {
    return either(await this.accounts.resendInvitation(principal, id), invitationModel);
  }

  @SignedIn()
  @Mutation(() => InvitationResult)
  async withdrawInvitation(@CurrentUser() principal: Principal, @Args('id', { type: () => ID }) id: string) {
    return either(await this.accounts.withdrawInvitation(principal, id), invitationModel);
  }

  @SignedIn()
  @Query(() => [InvitationModel], { description: 'Invitations an organisation has out and not yet accepted' })
  async invitations(@CurrentUser() principal: Principal, @Args('organisationId', { type: () => ID }) organisationId: string) {
    return (await this.accounts.openInvitations(principal, organisationId)).map(invitationModel);
  }

  @Public()
  @Query(() => [CommissioningAreaModel], { description: 'The commissioning areas a provider can register in' })
  commissioningAreas() {
    return this.administration.areas();
  }

  @Public()
  @Mutation(() => Boolean, {
    description: 'A provider registers itself; a moderator in its area approves it. Check the email for what next',
  })
  async registerProvider(@Args('input') input: RegisterProviderInput): Promise<boolean> {
    await this.accounts.registerProvider(input);
    return true;
  }

  @SignedIn()
  @Query(() => [OrganisationDetailModel], { description: 'Provider registrations waiting in the areas you moderate' })
  async pendingRegistrations(@CurrentUser() principal: Principal) {
    return (await this.accounts.pendingRegistrations(principal)).map(organisationModel);
  }

  @SignedIn()
  @Mutation(() => RegistrationDecisionResult)
  async decideRegistration(
    @CurrentUser() principal: Principal,
    @Args('organisationId', { type: () => ID }) organisationId: string,
    @Args('approve', { type: () => Boolean }) approve: boolean,
    @Args('reason', { type: () => String, nullable: true }) reason: string | null,
  ) {
    return either(await this.accounts.decideRegistration(principal, organisationId, approve, reason), organisationModel);
  }

  @Public()
  @Mutation(() => Boolean, { description: 'Email a password reset link (1 hour). The same answer whether or not the email has an account' })
  async requestPasswordReset(@Args('email', { type: () => String }) email: string): Promise<boolean> {
    await this.accounts.requestPasswordReset(email);
    return true;
  }

  @Public()
  @Mutation(() => AccountLinkResult)
  async resetPassword(@Args('token', { type: () => String }) token: string, @Args('password', { type: () => String }) password: string) {
    return either(await this.accounts.resetPassword(token, password), (r) => Object.assign(new AccountJoined(), r));
  }

  @Public()
  @Mutation(() => AccountLinkResult)
  async verifyEmail(@Args('token', { type: () => String }) token: string) {
    return either(await this.accounts.verifyEmail(token), (r) => Object.assign(new AccountJoined(), r));
  }

  @SignedIn()
  @Mutation(() => OrganisationDetailModel, {
    description: 'Platform admins: a commissioning area (kind COMMISSIONER) or an organisation in one',
  })
  async createOrganisation(@CurrentUser() principal: Principal, @Args('input') input: CreateOrganisationInput) {
    return organisationModel(await this.administration.createOrganisation(principal, input));
  }

  @SignedIn()
  @Query(() => [MemberModel], { description: "An organisation's active members (its admins only)" })
  async members(@CurrentUser() principal: Principal, @Args('organisationId', { type: () => ID }) organisationId: string) {
    return (await this.administration.members(principal, organisationId)).members;
  }

  @SignedIn()
  @Mutation(() => Boolean)
  async changeMemberRole(
    @CurrentUser() principal: Principal,
    @Args('organisationId', { type: () => ID }) organisationId: string,
    @Args('userId', { type: () => ID }) userId: string,
    @Args('from', { type: () => Role }) from: Role,
    @Args('to', { type: () => Role }) to: Role,
    @Args('admin', { type: () => Boolean }) admin: boolean,
  ): Promise<boolean> {
    await this.administration.changeRole(principal, organisationId, userId, from, to, admin);
    return true;
  }

  @SignedIn()
  @Mutation(() => Boolean, { description: "End a person's access through this organisation, at once" })
  async deactivateMember(
    @CurrentUser() principal: Principal,
    @Args('organisationId', { type: () => ID }) organisationId: string,
    @Args('userId', { type: () => ID }) userId: string,
  ): Promise<boolean> {
    await this.administration.deactivate(principal, organisationId, userId);
    return true;
  }

  @SignedIn()
  @Query(() => [AccountSessionModel], { description: 'Your signed-in web sessions' })
  mySessions(@CurrentUser() principal: Principal) {
    return this.administration.sessions(principal);
  }

  @SettingUpSecondFactor()
  @Mutation(() => Boolean, { description: 'Sign one of your web sessions out' })
  endSession(@CurrentUser() principal: Principal, @Args('id', { type: () => String }) id: string): Promise<boolean> {
    return this.administration.endSession(principal, id);
  }

  private async signInResult(outcome: SignInOutcome): Promise<typeof SignInResult> {
    switch (outcome.kind) {
      case 'signed_in':
        return Object.assign(new SignInSuccess(), {
          accessToken: outcome.accessToken,
          expiresAt: outcome.expiresAt,
          secondFactorSetUpRequired: outcome.secondFactorSetUpRequired,
          user: await this.identity.userProfile(outcome.userId),
        });
      case 'second_factor_required':
        return Object.assign(new SecondFactorRequired(), { challengeToken: outcome.challengeToken, expiresAt: outcome.expiresAt });
      case 'invalid_credentials':
        return Object.assign(new InvalidCredentialsError(), { message: INVALID_CREDENTIALS_MESSAGE });
      case 'link_sent':
        return Object.assign(new SignInLinkSent(), { message: LINK_SENT_MESSAGE });
      case 'rate_limited':
        return Object.assign(new TooManySignInAttemptsError(), {
          message: `Too many unsuccessful attempts from here. Wait ${Math.ceil(outcome.retryAfterSeconds / 60)} minute(s) and try again.`,
          retryAfterSeconds: outcome.retryAfterSeconds,
        });
    }
  }
}
