import { Args, Field, ID, Mutation, ObjectType, Query, Resolver, createUnionType } from '@nestjs/graphql';
import { CurrentUser, Principal, Role, Roles } from '@kinwell/identity';
import { IntakeDecisionsService } from '../intake-decisions.service';
import { BudgetRequest } from '../plans.entities';
import { PlanStateError } from './plans.models';

@ObjectType('Referral', { description: 'Who referred the person, and their consent as the referrer recorded it' })
export class ReferralModel {
  @Field(() => String) referrerName!: string;
  @Field(() => String) referrerOrganisation!: string;
  @Field(() => String, { description: 'gp, care_coordinator, voluntary_group or other' }) referrerRole!: string;
  @Field(() => String, { nullable: true }) referrerEmail!: string | null;
  @Field(() => String, { nullable: true }) referrerPhone!: string | null;
  @Field(() => String, { description: 'spoken or written' }) consentHow!: string;
  @Field(() => String, { description: 'The day the person agreed (YYYY-MM-DD)' }) consentOn!: string;
}

@ObjectType('BudgetRequest', { description: 'Someone who asked for a personal health budget from the public pages' })
export class BudgetRequestModel {
  @Field(() => ID) id!: string;
  @Field(() => String, { description: 'What the person quotes, e.g. PHB-7K3M-Q9TD' }) reference!: string;
  @Field(() => String) name!: string;
  @Field(() => String, { description: 'In their own words' }) whatWouldHelp!: string;
  @Field(() => String) contactBy!: string;
  @Field(() => String, { nullable: true }) email!: string | null;
  @Field(() => String, { nullable: true }) phone!: string | null;
  @Field(() => String) language!: string;
  @Field(() => String, { nullable: true }) postcodeDistrict!: string | null;
  @Field(() => String) status!: string;
  @Field(() => Boolean, { description: 'They made a Kinwell account as they asked' }) hasAccount!: boolean;
  @Field(() => Date) createdAt!: Date;
  @Field(() => String, { nullable: true }) declineReason!: string | null;
  @Field(() => ID, { nullable: true }) holderId!: string | null;
  @Field(() => ReferralModel, { nullable: true, description: 'Set when someone referred them; null when they asked themselves' })
  referral!: ReferralModel | null;
}

@ObjectType('BudgetRequestAccepted')
export class BudgetRequestAccepted {
  @Field(() => ID) holderId!: string;
  @Field(() => Boolean, { description: 'An invitation was emailed to the address they gave' }) invited!: boolean;
}

const AcceptResult = createUnionType({ name: 'AcceptBudgetRequestResult', types: () => [BudgetRequestAccepted, PlanStateError] as const });
const DeclineResult = createUnionType({ name: 'DeclineBudgetRequestResult', types: () => [BudgetRequestModel, PlanStateError] as const });

const model = (r: BudgetRequest) => Object.assign(new BudgetRequestModel(), r, { hasAccount: !!r.userId });
const stateError = (message: string) => Object.assign(new PlanStateError(), { message });

/** A broker's new requests, and accepting (a holder record, an invitation) or declining (with a reason they are told). */
@Resolver()
export class IntakeResolver {
  constructor(private readonly intake: IntakeDecisionsService) {}

  @Roles(Role.BrokerStaff)
  @Query(() => [BudgetRequestModel], { description: 'New requests in your areas, oldest first' })
  async budgetRequests(@CurrentUser() principal: Principal) {
    return (await this.intake.newRequests(principal)).map(model);
  }

  @Roles(Role.BrokerStaff)
  @Mutation(() => AcceptResult)
  async acceptBudgetRequest(
    @Args('requestId', { type: () => ID }) requestId: string,
    @Args('brokerOrganisationId', { type: () => ID }) brokerOrganisationId: string,
    @CurrentUser() principal: Principal,
  ) {
    const done = await this.intake.accept(principal, requestId, brokerOrganisationId);
    return 'kind' in done ? stateError(done.message) : Object.assign(new BudgetRequestAccepted(), done);
  }

  @Roles(Role.BrokerStaff)
  @Mutation(() => DeclineResult)
  async declineBudgetRequest(
    @Args('requestId', { type: () => ID }) requestId: string,
    @Args('reason', { type: () => String }) reason: string,
    @CurrentUser() principal: Principal,
  ) {
    const done = await this.intake.decline(principal, requestId, reason);
    return 'kind' in done ? stateError(done.message) : model(done);
  }
}
