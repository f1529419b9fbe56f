import { Args, Field, ID, Int, ObjectType, Query, Resolver, registerEnumType } from '@nestjs/graphql';
import { CurrentUser, Principal, Role, Roles } from '@kinwell/identity';
import { CaseloadQueries, PLAN_FILTERS, PlanFilter } from '../caseload/caseload.queries';

enum CaseloadOrder {
  Name = 'name',
  Activity = 'activity',
  Waiting = 'waiting',
  Unpaid = 'unpaid',
}
registerEnumType(CaseloadOrder, { name: 'CaseloadOrder' });

@ObjectType('Worklist', { description: 'One kind of work waiting for a broker: how many, and since when the oldest' })
export class WorklistModel {
  @Field(() => String, { description: 'requests, drafts, waiting, unpaid, receipts, exceptions, reviews or rapid' }) key!: string;
  @Field(() => Int) count!: number;
  @Field(() => Date, { nullable: true }) oldest!: Date | null;
}

@ObjectType('CaseloadEntry')
export class CaseloadEntryModel {
  @Field(() => ID) holderId!: string;
  @Field(() => String) preferredName!: string;
  @Field(() => Boolean) hasAccount!: boolean;
  @Field(() => ID, { nullable: true }) planId!: string | null;
  @Field(() => String, { nullable: true }) planStatus!: string | null;
  @Field(() => Int) waitingItems!: number;
  @Field(() => Int, { description: 'Approved items not yet paid for' }) unpaidItems!: number;
  @Field(() => Date) lastActivity!: Date;
}

@ObjectType('CaseloadPage')
export class CaseloadPageModel {
  @Field(() => [CaseloadEntryModel]) entries!: CaseloadEntryModel[];
  @Field(() => Int) totalCount!: number;
}

/** The queries the broker's start page is built on. */
@Resolver()
export class CaseloadResolver {
  constructor(private readonly caseload: CaseloadQueries) {}

  @Roles(Role.BrokerStaff)
  @Query(() => [WorklistModel], { description: "What needs doing across your organisations' holders" })
  worklists(@CurrentUser() principal: Principal) {
    return this.caseload.worklists(principal);
  }

  @Roles(Role.BrokerStaff)
  @Query(() => CaseloadPageModel, { description: "Your organisations' holders, 50 a page at most" })
  async caseloadPage(
    @CurrentUser() principal: Principal,
    @Args('plan', { type: () => String, nullable: true, description: `One of ${PLAN_FILTERS.join(', ')}` }) plan: string | null,
    @Args('order', { type: () => CaseloadOrder, defaultValue: CaseloadOrder.Name }) order: CaseloadOrder,
    @Args('name', { type: () => String, nullable: true }) name: string | null,
    @Args('page', { type: () => Int, defaultValue: 1 }) page: number,
    @Args('perPage', { type: () => Int, defaultValue: 50 }) perPage: number,
  ) {
    const filter = plan && (PLAN_FILTERS as readonly string[]).includes(plan) ? (plan as PlanFilter) : undefined;
    const { rows, total } = await this.caseload.caseload(principal, {
      plan: filter,
      sort: order,
      name: name?.slice(0, 80) ?? undefined,
      page: Math.max(1, Math.min(page, 10_000)),
      perPage: Math.max(1, Math.min(perPage, 50)),
    });
    return { entries: rows, totalCount: total };
  }
}
