import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentUser, Principal, Role, Roles, SignedIn } from '@kinwell/identity';
import { Money } from '@kinwell/kernel';
import { RepresentativeRelationship } from '../plans.entities';
import { HoldersService } from '../holders.service';
import { HolderInvitationsService } from '../holder-invitations.service';
import { accountError, InvitationModel, InvitationResult } from '@kinwell/identity/graphql';
import { PlanAccess } from '../plan-access';
import { BudgetModel, HolderModel } from './plans.models';
import { BudgetInput, HolderInput } from './plans.inputs';
import { toHolder } from './plans.mappers';

/** Holders, the people who act for them, and their budgets. */
@Resolver()
export class HoldersResolver {
  constructor(
    private readonly access: PlanAccess,
    private readonly holders: HoldersService,
    private readonly invitations: HolderInvitationsService,
  ) {}

  @SignedIn()
  @Query(() => HolderModel, { description: 'A holder you support, or yourself' })
  async holder(@Args('id', { type: () => ID }) id: string, @CurrentUser() principal: Principal) {
    return toHolder(await this.access.holderFor(principal, id));
  }

  @SignedIn()
  @Query(() => HolderModel, { nullable: true, description: 'Your own holder record, if you hold a budget' })
  async myHolderRecord(@CurrentUser() principal: Principal) {
    const holder = await this.holders.myRecord(principal);
    return holder ? toHolder(holder) : null;
  }

  @Roles(Role.BrokerStaff)
  @Mutation(() => HolderModel, { description: 'Register a person the broker supports' })
  async createHolder(@Args('input') input: HolderInput, @CurrentUser() principal: Principal) {
    return toHolder(
      await this.holders.createHolder(principal, {
        ...input,
        clinicalTeamId: input.clinicalTeamId ?? null,
        requestId: input.requestId ?? null,
        pronouns: input.pronouns ?? null,
        ageBand: input.ageBand ?? null,
        gender: input.gender ?? null,
        ethnicity: input.ethnicity ?? null,
        postcodeDistrict: input.postcodeDistrict?.toUpperCase() ?? null,
      }),
    );
  }

  @SignedIn()
  @Mutation(() => Boolean, { description: 'As the holder, let a carer or advocate act for you' })
  async addRepresentative(
    @Args('holderId', { type: () => ID }) holderId: string,
    @Args('userId', { type: () => ID }) userId: string,
    @Args('relationship', { type: () => RepresentativeRelationship }) relationship: RepresentativeRelationship,
    @CurrentUser() principal: Principal,
  ) {
    await this.holders.addRepresentative(principal, holderId, userId, relationship);
    return true;
  }

  @Roles(Role.Holder)
  @Mutation(() => Boolean, { description: "Withdraw a carer's or advocate's permission to act for you" })
  async revokeRepresentative(
    @Args('holderId', { type: () => ID }) holderId: string,
    @Args('userId', { type: () => ID }) userId: string,
    @CurrentUser() principal: Principal,
  ) {
    await this.holders.revokeRepresentative(principal, holderId, userId);
    return true;
  }

  @Roles(Role.BrokerStaff)
  @Mutation(() => InvitationResult, { description: 'Invite the person a holder record is for: their account is linked when they accept' })
  async inviteHolder(
    @Args('holderId', { type: () => ID }) holderId: string,
    @Args('email', { type: () => String }) email: string,
    @Args('displayName', { type: () => String }) displayName: string,
    @Args('language', { type: () => String, nullable: true }) language: string | null,
    @CurrentUser() principal: Principal,
  ) {
    const outcome = await this.invitations.inviteHolder(principal, holderId, { email, displayName, language: language ?? undefined });
    return 'email' in outcome ? Object.assign(new InvitationModel(), outcome) : accountError(outcome);
  }

  @SignedIn()
  @Mutation(() => InvitationResult, { description: 'Invite a carer or advocate the holder has named (as the holder, or their broker)' })
  async inviteRepresentative(
    @Args('holderId', { type: () => ID }) holderId: string,
    @Args('email', { type: () => String }) email: string,
    @Args('displayName', { type: () => String }) displayName: string,
    @Args('relationship', { type: () => RepresentativeRelationship }) relationship: RepresentativeRelationship,
    @CurrentUser() principal: Principal,
  ) {
    const outcome = await this.invitations.inviteRepresentative(principal, holderId, { email, displayName, relationship });
    return 'email' in outcome ? Object.assign(new InvitationModel(), outcome) : accountError(outcome);
  }

  @Roles(Role.BrokerStaff)
  @Mutation(() => HolderModel, { description: "Name the clinical team whose clinicians sign off the holder's items (null: none)" })
  async setHolderClinicalTeam(
    @Args('holderId', { type: () => ID }) holderId: string,
    @Args('clinicalTeamId', { type: () => ID, nullable: true }) clinicalTeamId: string | null,
    @CurrentUser() principal: Principal,
  ) {
    return toHolder(await this.holders.setClinicalTeam(principal, holderId, clinicalTeamId ?? null));
  }

  @Roles(Role.BrokerStaff)
  @Mutation(() => BudgetModel, { description: 'Open the budget for a plan period, with its amount and how it was worked out' })
  async openBudget(@Args('input') input: BudgetInput, @CurrentUser() principal: Principal) {
    const budget = await this.holders.openBudget(principal, input.holderId, { ...input, allocation: Money.ofPence(input.allocationPence) });
    return { id: budget.id } as BudgetModel;
  }
}
