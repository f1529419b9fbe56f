import { Role } from '@kinwell/identity';
import { z } from 'zod';

/** A set of people who must approve: `count` distinct people holding one of `roles`. */
export interface Requirement {
  label: string;
  roles: Role[];
  count: number;
  /** Only people flagged with lived experience of mental health services count. */
  livedExperience?: boolean;
}

export interface Tier {
  name: string;
  /** The highest amount (inclusive, pence) this tier decides; null for no upper limit. */
  upToPence: number | null;
  requirements: Requirement[];
}

/** How long each step may take, in working days, and what happens when it takes longer. */
export interface Deadlines {
  /** A first decision on an item. */
  decideWithinWorkingDays: number;
  /** A decision on appeal: sooner, because the person has waited once already. */
  appealWithinWorkingDays: number;
  /** A rapid review asked for when needs change. */
  rapidReviewWithinWorkingDays: number;
  /** Overdue by this many working days, the step is escalated to `escalateTo`. */
  escalateAfterWorkingDays: number;
  escalateTo: Role[];
  /** An approved item not bought or paid after this many days is flagged to the broker. */
  unpaidAfterDays: number;
}

export const DEFAULT_DEADLINES: Deadlines = {
  decideWithinWorkingDays: 10,
  appealWithinWorkingDays: 5,
  rapidReviewWithinWorkingDays: 2,
  escalateAfterWorkingDays: 3,
  escalateTo: [Role.PhbLead, Role.Commissioner],
  unpaidAfterDays: 10,
};

export interface SignOffRules {
  /** Deadlines for each step; the defaults where a policy predates them. */
  deadlines?: Deadlines;
  /** Band by each item's amount, or by the plan's total. */
  bandBy: 'item' | 'plan_total';
  /** The person who asked for an item may not approve it. */
  authorCannotApprove: boolean;
  /** Roles that must sign every plan before it becomes active (besides the holder's agreement). */
  planSignatures: Role[];
  /** Ordered by amount; escalating an item moves it to the next tier. */
  tiers: Tier[];
}

const role = z.nativeEnum(Role);
const workingDays = z.number().int().min(1).max(60);
export const deadlinesSchema = z.object({
  decideWithinWorkingDays: workingDays,
  appealWithinWorkingDays: workingDays,
  rapidReviewWithinWorkingDays: workingDays,
  escalateAfterWorkingDays: workingDays,
  escalateTo: z.array(role).min(1),
  unpaidAfterDays: z.number().int().min(1).max(365),
});
export const signOffRulesSchema = z.object({
  deadlines: deadlinesSchema.optional(),
  bandBy: z.enum(['item', 'plan_total']),
  authorCannotApprove: z.boolean(),
  planSignatures: z.array(role),
  tiers: z
    .array(
      z.object({
        name: z.string().min(1),
        upToPence: z.number().int().positive().nullable(),
        requirements: z
          .array(
            z.object({
              label: z.string().min(1),
              roles: z.array(role).min(1),
              count: z.number().int().min(1).max(20),
              livedExperience: z.boolean().optional(),
            }),
          )
          .min(1),
      }),
    )
    .min(1),
});

export interface Approval {
  userId: string;
  actingRole: Role;
  livedExperience: boolean;
}

export interface Candidate {
  userId: string;
  /** The roles the candidate holds where this item's holder is (their team, broker or area). */
  roles: Array<{ role: Role; livedExperience: boolean }>;
}

export interface RequirementStatus extends Requirement {
  have: number;
}

export interface Evaluation {
  tierIndex: number;
  tier: Tier;
  requirements: RequirementStatus[];
  satisfied: boolean;
}

/** The tier that decides an amount, moved up by escalations (never past the last tier). */
export function tierIndexFor(rules: SignOffRules, amountPence: number, escalation: number): number {
  const base = rules.tiers.findIndex((t) => t.upToPence === null || amountPence <= t.upToPence);
  const index = base === -1 ? rules.tiers.length - 1 : base;
  return Math.min(rules.tiers.length - 1, index + Math.max(0, escalation));
}

/** Assigns each approval to at most one requirement; lived-experience requirements are filled first. */
export function evaluate(rules: SignOffRules, amountPence: number, escalation: number, approvals: Approval[]): Evaluation {
  const tierIndex = tierIndexFor(rules, amountPence, escalation);
  const tier = rules.tiers[tierIndex];
  const used = new Set<string>();
  const order = tier.requirements.map((r, i) => ({ r, i })).sort((a, b) => Number(!!b.r.livedExperience) - Number(!!a.r.livedExperience));
  const have = new Array<number>(tier.requirements.length).fill(0);
  for (const { r, i } of order) {
    for (const a of approvals) {
      if (have[i] >= r.count) break;
      if (used.has(a.userId) || !r.roles.includes(a.actingRole) || (r.livedExperience && !a.livedExperience)) continue;
      used.add(a.userId);
      have[i]++;
    }
  }
  const requirements = tier.requirements.map((r, i) => ({ ...r, have: have[i] }));
  return { tierIndex, tier, requirements, satisfied: requirements.every((r) => r.have >= r.count) };
}

/**
 * The role in which a candidate's approval would fill a requirement still unmet, or null
 * when their approval would not count (wrong role, already counted, or lived experience needed).
 */
export function roleToActIn(
  rules: SignOffRules,
  amountPence: number,
  escalation: number,
  approvals: Approval[],
  candidate: Candidate,
): { role: Role; livedExperience: boolean } | null {
  if (approvals.some((a) => a.userId === candidate.userId)) return null;
  const before = evaluate(rules, amountPence, escalation, approvals);
  if (before.satisfied) return null;
  const score = (e: Evaluation) => e.requirements.reduce((s, r) => s + Math.min(r.have, r.count), 0);
  // Prefer the role that fills the most: a lived-experience panel member should count as such.
  let best: { role: Role; livedExperience: boolean; gain: number } | null = null;
  for (const r of candidate.roles) {
    const after = evaluate(rules, amountPence, escalation, [
      ...approvals,
      { userId: candidate.userId, actingRole: r.role, livedExperience: r.livedExperience },
    ]);
    const gain = score(after) - score(before);
    if (gain > 0 && (!best || gain > best.gain)) best = { ...r, gain };
  }
  return best ? { role: best.role, livedExperience: best.livedExperience } : null;
}

/** Plain-language summary of what is still needed, for the holder and the approvers. */
export function describeUnmet(evaluation: Evaluation): string[] {
  return evaluation.requirements.filter((r) => r.have < r.count).map((r) => `${r.label}: ${r.count - r.have} more`);
}

/** City & Hackney, as described by the site (DOMAIN.md). */
export const CITY_AND_HACKNEY: SignOffRules = {
  bandBy: 'item',
  authorCannotApprove: true,
  planSignatures: [],
  tiers: [
    { name: 'Clinician', upToPence: 25_000, requirements: [{ label: 'A clinician', roles: [Role.CareCoordinator], count: 1 }] },
    {
      name: 'Clinician and team lead',
      upToPence: 75_000,
      requirements: [
        { label: 'A clinician', roles: [Role.CareCoordinator], count: 1 },
        { label: 'A team lead to co-sign', roles: [Role.TeamLead], count: 1 },
      ],
    },
    {
      name: 'E-approval panel',
      upToPence: null,
      requirements: [
        { label: 'A panel member with lived experience', roles: [Role.PanelMember], count: 1, livedExperience: true },
        { label: 'The PHB lead clinician', roles: [Role.PhbLead], count: 1 },
        { label: 'The commissioner', roles: [Role.Commissioner], count: 1 },
      ],
    },
  ],
};

/** Merseyside, as described by the site (DOMAIN.md). */
export const MERSEYSIDE: SignOffRules = {
  bandBy: 'item',
  authorCannotApprove: true,
  planSignatures: [Role.BrokerStaff, Role.Holder, Role.CareCoordinator],
  tiers: [
    {
      name: 'Care coordinator',
      upToPence: 40_000,
      requirements: [{ label: 'The care coordinator', roles: [Role.CareCoordinator], count: 1 }],
    },
    { name: 'Team manager', upToPence: null, requirements: [{ label: 'The team manager', roles: [Role.TeamLead], count: 1 }] },
    {
      name: 'Multidisciplinary team meeting',
      upToPence: null,
      requirements: [
        { label: 'Two members of the multidisciplinary team', roles: [Role.CareCoordinator, Role.TeamLead, Role.PhbLead], count: 2 },
      ],
    },
    {
      name: 'Risk enablement panel',
      upToPence: null,
      requirements: [
        { label: 'A panel member who uses services', roles: [Role.PanelMember], count: 1, livedExperience: true },
        { label: 'Two more panel members', roles: [Role.PanelMember], count: 2 },
      ],
    },
  ],
};
