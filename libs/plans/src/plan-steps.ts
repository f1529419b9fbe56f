import { DomainError, isUuid } from '@kinwell/kernel';
import { Role } from '@kinwell/identity';
import { Approval } from './domain/sign-off-policy';
import { PlanStatus, SupportPlan } from './plans.entities';
import { PlansRepository } from './plans.repository';

// What the plan use cases (holders, drafting, sign-off, lifecycle) share.

export const ITEM_DECIDED = 'plans.item.decided';
export const EDITABLE = [PlanStatus.Draft, PlanStatus.UnderReview];
export const MAX_QUANTITY = 100;
/** The self-declared answers a holder may give for the area's anonymous figures (ethnicity: the census codes). */
export const AGE_BANDS = ['18-25', '26-35', '36-45', '46-55', '56-65', '66+'];
export const GENDERS = ['woman', 'man', 'non-binary', 'self-described'];
/** The reasons a decider may start from (each has its words in every language); declines are counted by them. */
export const REASON_TEMPLATES = ['cheaper', 'how_it_helps', 'already_funded', 'cannot_buy', 'over_budget', 'quote'] as const;
export function checkReasonCode(code: string | null): void {
  if (code !== null && !(REASON_TEMPLATES as readonly string[]).includes(code))
    throw DomainError.validation([{ field: 'reasonCode', message: `must be one of ${REASON_TEMPLATES.join(', ')}` }]);
}

export interface NewHolder {
  preferredName: string;
  pronouns: string | null;
  languages: string[];
  communities: string[];
  ageBand: string | null;
  gender: string | null;
  /** One of the 19 census ethnic groups, self-declared; kept only with consent. */
  ethnicity: string | null;
  equityReportingConsent: boolean;
  postcodeDistrict: string | null;
  brokerOrganisationId: string;
  clinicalTeamId: string | null;
  /** A budget request this record answers: the account its person made when asking becomes the holder's. */
  requestId?: string | null;
}

export interface NewItem {
  offeringId?: string | null;
  description?: string | null;
  supplier?: string | null;
  unitPricePence?: number | null;
  /** What kind of thing a free-text item is: a directory category code. */
  categoryCode?: string | null;
  quantity: number;
  goalIds: string[];
}

export interface SignOffState {
  tier: string;
  satisfied: boolean;
  requirements: Array<{ label: string; needed: number; have: number }>;
  stillNeeded: string[];
}

/** The plan, locked for the rest of the transaction; not found if it does not exist. */
export async function lockedPlan(repository: PlansRepository, planId: string): Promise<SupportPlan> {
  if (!isUuid(planId)) throw DomainError.notFound('That plan');
  const plan = await repository.lockPlan(planId);
  if (!plan) throw DomainError.notFound('That plan');
  return plan;
}

export function toApproval(d: { deciderUserId: string; actingRole: Role; livedExperience: boolean }): Approval {
  return { userId: d.deciderUserId, actingRole: d.actingRole, livedExperience: d.livedExperience };
}

export function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) groups.set(key(row), [...(groups.get(key(row)) ?? []), row]);
  return groups;
}
