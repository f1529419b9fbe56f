import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { MoneyColumn } from '@kinwell/database';
import { Role } from '@kinwell/identity';
import { Money } from '@kinwell/kernel';
import type { SignOffRules } from './domain/sign-off-policy';

/** A budget holder: pseudonymous (a preferred name, never a legal name or NHS number). */
@Entity('holder')
export class Holder {
  @PrimaryGeneratedColumn('uuid') id!: string;
  /** Their Kinwell account, if they have one. */
  @Index({ unique: true, where: 'user_id IS NOT NULL' }) @Column({ type: 'uuid', nullable: true }) userId!: string | null;
  @Column({ type: 'text' }) preferredName!: string;
  @Column({ type: 'text', nullable: true }) pronouns!: string | null;
  @Column({ type: 'text', array: true }) languages!: string[];
  /** Self-declared, optional, kept only with consent for equity reporting. */
  @Column({ type: 'text', array: true }) communities!: string[];
  /** Self-declared, like communities: kept only with consent for equity reporting. */
  @Column({ type: 'text', nullable: true }) ageBand!: string | null;
  @Column({ type: 'text', nullable: true }) gender!: string | null;
  /** Self-declared, with consent: one of the 19 ethnic groups of the 2021 census (vocabulary.ETHNICITIES). */
  @Column({ type: 'text', nullable: true }) ethnicity!: string | null;
  @Column({ type: 'boolean' }) equityReportingConsent!: boolean;
  @Column({ type: 'text', nullable: true }) postcodeDistrict!: string | null;
  @Index() @Column({ type: 'uuid' }) commissionerId!: string;
  @Index() @Column({ type: 'uuid' }) brokerOrganisationId!: string;
  @Index() @Column({ type: 'uuid', nullable: true }) clinicalTeamId!: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
}

export enum RepresentativeRelationship {
  Carer = 'carer',
  Advocate = 'advocate',
  PeerSupporter = 'peer_supporter',
}

/** A carer, advocate or peer supporter who may act for a holder, while the holder's consent stands. */
@Entity('holder_representative')
@Unique('uq_holder_representative', ['holderId', 'userId'])
export class HolderRepresentative {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'uuid' }) holderId!: string;
  @Index() @Column({ type: 'uuid' }) userId!: string;
  @Column({ type: 'enum', enum: RepresentativeRelationship, enumName: 'representative_relationship' })
  relationship!: RepresentativeRelationship;
  @Column({ type: 'timestamptz' }) consentGivenAt!: Date;
  @Column({ type: 'timestamptz', nullable: true }) consentRevokedAt!: Date | null;
}

/** Each commissioner area's sign-off rules. */
@Entity('sign_off_policy')
export class SignOffPolicy {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'uuid', unique: true }) commissionerId!: string;
  @Column({ type: 'text' }) name!: string;
  @Column({ type: 'jsonb' }) rules!: SignOffRules;
  /** Each change through the commissioner's settings makes a new version, kept in sign_off_policy_version. */
  @Column({ type: 'int', default: 1 }) version!: number;
}

/** Every version of an area's sign-off policy: what it said, who changed it, when and why. */
@Entity('sign_off_policy_version')
@Unique('uq_sign_off_policy_version', ['commissionerId', 'version'])
export class SignOffPolicyVersion {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'uuid' }) commissionerId!: string;
  @Column({ type: 'int' }) version!: number;
  @Column({ type: 'jsonb' }) rules!: SignOffRules;
  @Column({ type: 'uuid', nullable: true }) changedBy!: string | null;
  @Column({ type: 'text', nullable: true }) note!: string | null;
  @Column({ type: 'timestamptz' }) changedAt!: Date;
}

export enum PlanStatus {
  Draft = 'draft',
  Submitted = 'submitted',
  Approved = 'approved',
  PartlyApproved = 'partly_approved',
  Active = 'active',
  UnderReview = 'under_review',
  Closed = 'closed',
}

@Entity('support_plan')
export class SupportPlan {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Index() @Column({ type: 'uuid' }) holderId!: string;
  @Index() @Column({ type: 'uuid' }) budgetId!: string;
  @Column({ type: 'enum', enum: PlanStatus, enumName: 'plan_status' }) status!: PlanStatus;
  /** What should happen if the holder becomes too unwell to manage the budget. */
  @Column({ type: 'text', nullable: true }) contingency!: string | null;
  @Column({ type: 'uuid' }) authorUserId!: string;
  @Column({ type: 'timestamptz', nullable: true }) holderAgreedAt!: Date | null;
  @Column({ type: 'uuid', nullable: true }) holderAgreedBy!: string | null;
  // The timeline people said is too slow, measured per case.
  @Column({ type: 'timestamptz' }) referralAt!: Date;
  @Column({ type: 'timestamptz', nullable: true }) submittedAt!: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) firstDecisionAt!: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) firstPaymentAt!: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) activatedAt!: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) closedAt!: Date | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
}

/** A goal in the holder's own words. */
@Entity('plan_goal')
export class PlanGoal {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Index() @Column({ type: 'uuid' }) planId!: string;
  @Column({ type: 'text' }) text!: string;
  @Column({ type: 'int', nullable: true }) baseline!: number | null;
  @Column({ type: 'int' }) position!: number;
}

export enum ItemStatus {
  Draft = 'draft',
  Pending = 'pending',
  Approved = 'approved',
  Declined = 'declined',
  ChangesRequested = 'changes_requested',
}

/** Something the plan asks for: a directory offering or a free-text item; serves one or more goals. */
@Entity('plan_item')
export class PlanItem {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Index() @Column({ type: 'uuid' }) planId!: string;
  @Column({ type: 'uuid', nullable: true }) offeringId!: string | null;
  @Column({ type: 'text' }) description!: string;
  @Column({ type: 'text', nullable: true }) supplier!: string | null;
  /** The kind of thing a free-text item is (a directory category), so spending outside the directory is not one lump; null for an offering, which has its own. */
  @Column({ type: 'text', nullable: true }) categoryCode!: string | null;
  @Column({ type: 'int' }) quantity!: number;
  @MoneyColumn({ name: 'unit_price_pence' }) unitPrice!: Money;
  @MoneyColumn({ name: 'total_pence' }) total!: Money;
  @Column({ type: 'uuid', array: true }) goalIds!: string[];
  @Column({ type: 'enum', enum: ItemStatus, enumName: 'plan_item_status' }) status!: ItemStatus;
  /** Starts at 1; an appeal or a resubmission opens a new round of decisions. */
  @Column({ type: 'int' }) round!: number;
  @Column({ type: 'int' }) escalation!: number;
  @Column({ type: 'uuid' }) requestedBy!: string;
  @Column({ type: 'timestamptz' }) requestedAt!: Date;
  @Column({ type: 'timestamptz', nullable: true }) decidedAt!: Date | null;
  /** In plain language; the holder reads it. */
  @Column({ type: 'text', nullable: true }) decisionReason!: string | null;
  /** Who may not decide this round: those who declined before an appeal. */
  @Column({ type: 'uuid', array: true }) excludedDeciders!: string[];
  /** When this round is due a decision, from the area's deadlines in working days; null while it is not waiting. */
  @Index('ix_plan_item_due', { where: `status = 'pending'` }) @Column({ type: 'timestamptz', nullable: true }) dueAt!: Date | null;
  /** This round is an appeal against a decline: decided first, and sooner. */
  @Column({ type: 'boolean', default: false }) appeal!: boolean;
  /** When the approvers were reminded that this round is overdue, and when it was escalated. */
  @Column({ type: 'timestamptz', nullable: true }) remindedAt!: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) escalatedAt!: Date | null;
}

export enum DecisionKind {
  Approve = 'approve',
  Decline = 'decline',
  RequestChanges = 'request_changes',
  Escalate = 'escalate',
}

@Entity('sign_off_decision')
@Unique('uq_sign_off_decision', ['itemId', 'round', 'deciderUserId'])
export class SignOffDecision {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Index() @Column({ type: 'uuid' }) itemId!: string;
  @Column({ type: 'int' }) round!: number;
  @Column({ type: 'uuid' }) deciderUserId!: string;
  @Column({ type: 'enum', enum: Role, enumName: 'membership_role' }) actingRole!: Role;
  @Column({ type: 'boolean' }) livedExperience!: boolean;
  @Column({ type: 'enum', enum: DecisionKind, enumName: 'sign_off_decision_kind' }) decision!: DecisionKind;
  @Column({ type: 'text', nullable: true }) reason!: string | null;
  /** The reason template chosen, when one was: declines grouped by reason for the commissioner. */
  @Column({ type: 'text', nullable: true }) reasonCode!: string | null;
  @Column({ type: 'timestamptz' }) decidedAt!: Date;
}

/** A panel's decision on an item at its meeting, with the members who were there (their approvals are recorded one by one). */
@Entity('panel_decision')
export class PanelDecision {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Index() @Column({ type: 'uuid' }) itemId!: string;
  @Column({ type: 'uuid' }) commissionerId!: string;
  @Column({ type: 'date' }) heldOn!: string;
  @Column({ type: 'uuid', array: true }) membersPresent!: string[];
  @Column({ type: 'enum', enum: DecisionKind, enumName: 'sign_off_decision_kind' }) decision!: DecisionKind;
  @Column({ type: 'text', nullable: true }) reason!: string | null;
  @Column({ type: 'uuid' }) recordedBy!: string;
  @CreateDateColumn({ type: 'timestamptz' }) recordedAt!: Date;
}

@Entity('plan_signature')
@Unique('uq_plan_signature', ['planId', 'role'])
export class PlanSignature {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'uuid' }) planId!: string;
  @Column({ type: 'enum', enum: Role, enumName: 'membership_role' }) role!: Role;
  @Column({ type: 'uuid' }) userId!: string;
  @Column({ type: 'timestamptz' }) signedAt!: Date;
}

export enum ReviewKind {
  Start = 'start',
  Midpoint = 'midpoint',
  End = 'end',
  Rapid = 'rapid',
}

@Entity('plan_review')
export class PlanReview {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Index() @Column({ type: 'uuid' }) planId!: string;
  @Column({ type: 'enum', enum: ReviewKind, enumName: 'plan_review_kind' }) kind!: ReviewKind;
  @Column({ type: 'date' }) dueOn!: string;
  @Column({ type: 'uuid', nullable: true }) requestedBy!: string | null;
  @Column({ type: 'text', nullable: true }) reason!: string | null;
  @Column({ type: 'timestamptz', nullable: true }) completedAt!: Date | null;
  /** Outcome ratings (0-10) per goal at this review. */
  @Column({ type: 'jsonb', nullable: true }) outcomes!: Array<{ goalId: string; rating: number }> | null;
}

export enum BudgetRequestStatus {
  New = 'new',
  Accepted = 'accepted',
  Declined = 'declined',
}

/**
 * Someone asking for a personal health budget from the public pages, before anyone holds a
 * record of them: what would help in their own words and how to reach them. Brokers pick it up.
 */
export const REFERRER_ROLES = ['gp', 'care_coordinator', 'voluntary_group', 'other'] as const;
export type ReferrerRole = (typeof REFERRER_ROLES)[number];

/** A referral's referrer, and the person's consent as the referrer recorded it. */
export interface Referral {
  referrerName: string;
  referrerOrganisation: string;
  referrerRole: ReferrerRole;
  referrerEmail: string | null;
  referrerPhone: string | null;
  /** How the person agreed to being referred and to being contacted. */
  consentHow: 'spoken' | 'written';
  /** The day they agreed (YYYY-MM-DD). */
  consentOn: string;
  /** The referrer's Kinwell account, when they were signed in. */
  referrerUserId: string | null;
}

@Entity('budget_request')
export class BudgetRequest {
  @PrimaryGeneratedColumn('uuid') id!: string;
  /** Someone else asked for the person, with their consent: who, and how the consent was given. Null: they asked themselves. */
  @Column({ type: 'jsonb', nullable: true }) referral!: Referral | null;
  /** What the person is told to quote, e.g. PHB-7K3M-Q9TD. */
  @Column({ type: 'text', unique: true }) reference!: string;
  @Index() @Column({ type: 'uuid' }) commissionerId!: string;
  @Column({ type: 'text' }) whatWouldHelp!: string;
  @Column({ type: 'text' }) name!: string;
  @Column({ type: 'text', nullable: true }) email!: string | null;
  @Column({ type: 'text', nullable: true }) phone!: string | null;
  @Column({ type: 'text' }) contactBy!: string;
  @Column({ type: 'text' }) language!: string;
  @Column({ type: 'text', nullable: true }) postcodeDistrict!: string | null;
  @Column({ type: 'timestamptz' }) consentedAt!: Date;
  @Column({ type: 'enum', enum: BudgetRequestStatus, enumName: 'budget_request_status' }) status!: BudgetRequestStatus;
  /** A signed-in person who asked for themselves. */
  @Column({ type: 'uuid', nullable: true }) userId!: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
  /** When a broker accepted or declined it, who, and (declined) the reason the person is told. */
  @Column({ type: 'timestamptz', nullable: true }) decidedAt!: Date | null;
  @Column({ type: 'uuid', nullable: true }) decidedBy!: string | null;
  @Column({ type: 'text', nullable: true }) declineReason!: string | null;
  /** Accepted: the holder record it became. */
  @Column({ type: 'uuid', nullable: true }) holderId!: string | null;
}

/** Text an area writes for its own public pages (who can have a budget, its contacts, its panel), per language. */
@Entity('area_information')
@Unique('uq_area_information', ['commissionerId', 'topic', 'language'])
export class AreaInformation {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'uuid' }) commissionerId!: string;
  @Column({ type: 'text' }) topic!: string;
  @Column({ type: 'text' }) language!: string;
  @Column({ type: 'text' }) body!: string;
  @Column({ type: 'timestamptz' }) updatedAt!: Date;
}

export const PLAN_ENTITIES = [
  Holder,
  HolderRepresentative,
  SignOffPolicy,
  SignOffPolicyVersion,
  PanelDecision,
  SupportPlan,
  PlanGoal,
  PlanItem,
  SignOffDecision,
  PlanSignature,
  PlanReview,
  BudgetRequest,
  AreaInformation,
];
