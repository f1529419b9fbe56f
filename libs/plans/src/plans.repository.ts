import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@kinwell/database';
import { Organisation, OrganisationKind, Role, User } from '@kinwell/identity';
import { In, IsNull } from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import {
  DecisionKind,
  Holder,
  HolderRepresentative,
  ItemStatus,
  PlanGoal,
  PlanItem,
  PlanReview,
  PanelDecision,
  PlanSignature,
  SignOffDecision,
  SignOffPolicy,
  SupportPlan,
} from './plans.entities';

@Injectable()
export class PlansRepository {
  constructor(private readonly tx: TransactionHost) {}

  private get m() {
    return this.tx.manager;
  }

  findOrganisation(id: string): Promise<Organisation | null> {
    return this.m.findOne(Organisation, { where: { id } });
  }

  insertHolder(holder: Omit<Holder, 'id' | 'createdAt'>): Promise<Holder> {
    return this.m.save(Holder, holder);
  }

  findHolder(id: string): Promise<Holder | null> {
    return this.m.findOne(Holder, { where: { id } });
  }

  findHolderByUser(userId: string): Promise<Holder | null> {
    return this.m.findOne(Holder, { where: { userId } });
  }

  lockHolder(id: string): Promise<Holder | null> {
    return this.m.createQueryBuilder(Holder, 'h').setLock('pessimistic_write').where('h.id = :id', { id }).getOne();
  }

  async linkHolderAccount(holderId: string, userId: string): Promise<void> {
    await this.m.update(Holder, { id: holderId }, { userId });
  }

  holdersWithoutAccounts(brokerIds: string[]): Promise<Array<{ id: string; preferredName: string; invitedAt: Date | null }>> {
    return this.m.query(
      `SELECT h.id, h.preferred_name AS "preferredName",
              (SELECT max(i.created_at) FROM invitation i
                WHERE i.holder_id = h.id AND i.kind = 'holder' AND i.accepted_at IS NULL AND i.withdrawn_at IS NULL) AS "invitedAt"
         FROM holder h WHERE h.broker_organisation_id = ANY($1) AND h.user_id IS NULL
        ORDER BY h.preferred_name LIMIT 200`,
      [brokerIds],
    );
  }

  /** The account that made a budget request in this area (signed in, or making one as they asked), if any. */
  async requestAccount(requestId: string, commissionerId: string): Promise<string | null | undefined> {
    const rows: Array<{ user_id: string | null }> = await this.m.query(
      `SELECT user_id FROM budget_request WHERE id = $1 AND commissioner_id = $2`,
      [requestId, commissionerId],
    );
    return rows.length ? rows[0].user_id : undefined;
  }

  findOrganisations(ids: readonly string[]): Promise<Organisation[]> {
    return ids.length ? this.m.find(Organisation, { where: { id: In([...ids]) } }) : Promise.resolve([]);
  }

  /** The people of an organisation who hold one of these roles, with their names: who can sit on its panel. */
  async membersWithRoles(
    organisationId: string,
    roles: readonly string[],
  ): Promise<Array<{ userId: string; name: string; role: Role; livedExperience: boolean }>> {
    const rows: Array<{ user_id: string; display_name: string; role: Role; lived_experience: boolean }> = await this.m.query(
      `SELECT m.user_id, u.display_name, m.role, m.lived_experience FROM membership m JOIN app_user u ON u.id = m.user_id
        WHERE m.organisation_id = $1 AND m.role::text = ANY($2) AND m.deactivated_at IS NULL ORDER BY u.display_name, m.role`,
      [organisationId, roles],
    );
    return rows.map((r) => ({ userId: r.user_id, name: r.display_name, role: r.role, livedExperience: r.lived_experience }));
  }

  insertPanelDecision(decision: Omit<PanelDecision, 'id' | 'recordedAt'>): Promise<PanelDecision> {
    return this.m.save(PanelDecision, decision);
  }

  panelDecisions(itemId: string): Promise<PanelDecision[]> {
    return this.m.find(PanelDecision, { where: { itemId }, order: { recordedAt: 'ASC' } });
  }

  async updateHolder(id: string, changes: QueryDeepPartialEntity<Holder>): Promise<void> {
    await this.m.update(Holder, id, changes);
  }

  organisationsOfArea(commissionerId: string, kind: OrganisationKind): Promise<Organisation[]> {
    return this.m.find(Organisation, { where: { commissionerId, kind }, order: { name: 'ASC' } });
  }

  /** Names only: who a person is on a page (a representative, a broker). */
  async userNames(ids: readonly string[]): Promise<Map<string, string>> {
    if (!ids.length) return new Map();
    const users = await this.m.find(User, { where: { id: In([...ids]) }, select: { id: true, displayName: true } });
    return new Map(users.map((u) => [u.id, u.displayName]));
  }

  /** Everyone a person may act for, with the consent that lets them. */
  representing(userId: string): Promise<HolderRepresentative[]> {
    return this.m.find(HolderRepresentative, { where: { userId, consentRevokedAt: IsNull() } });
  }

  /** Representatives whose consent stands. */
  /** The people working in these organisations now, with each role they hold there. */
  async activeMembers(
    organisationIds: string[],
  ): Promise<Array<{ userId: string; organisationId: string; role: Role; livedExperience: boolean }>> {
    if (!organisationIds.length) return [];
    const rows: Array<{ user_id: string; organisation_id: string; role: Role; lived_experience: boolean }> = await this.m.query(
      `SELECT m.user_id, m.organisation_id, m.role, m.lived_experience FROM membership m JOIN app_user u ON u.id = m.user_id
        WHERE m.organisation_id = ANY($1::uuid[]) AND m.deactivated_at IS NULL AND u.disabled_at IS NULL`,
      [organisationIds],
    );
    return rows.map((r) => ({ userId: r.user_id, organisationId: r.organisation_id, role: r.role, livedExperience: r.lived_experience }));
  }

  /** Rounds of sign-off past their due date, appeals first, oldest first. */
  overdueItems(now: Date): Promise<PlanItem[]> {
    return this.m
      .createQueryBuilder(PlanItem, 'i')
      .where(`i.status = 'pending' AND i.due_at < :now AND (i.reminded_at IS NULL OR i.escalated_at IS NULL)`, { now })
      .orderBy('i.appeal', 'DESC')
      .addOrderBy('i.due_at', 'ASC')
      .limit(500)
      .getMany();
  }

  /** Reviews not yet done, due on or before `day` (rapid reviews have their own notice). */
  reviewsDueBy(day: string): Promise<PlanReview[]> {
    return this.m
      .createQueryBuilder(PlanReview, 'v')
      .where(`v.completed_at IS NULL AND v.kind <> 'rapid' AND v.due_on <= :day`, { day })
      .limit(1000)
      .getMany();
  }

  /** Approved items with no purchase under way (the caseload's "approved, not paid"), with their holder's broker and area. */
  async approvedUnpaid(): Promise<Array<{ item: PlanItem; brokerOrganisationId: string; commissionerId: string }>> {
    const rows: Array<{ id: string; broker_organisation_id: string; commissioner_id: string }> = await this.m.query(
      `SELECT i.id, h.broker_organisation_id, h.commissioner_id FROM plan_item i
         JOIN support_plan p ON p.id = i.plan_id JOIN holder h ON h.id = p.holder_id
        WHERE i.status = 'approved' AND p.closed_at IS NULL
          AND NOT EXISTS (SELECT 1 FROM purchase_intent pi WHERE pi.plan_item_id = i.id AND pi.status <> 'cancelled')
        LIMIT 1000`,
    );
    const items = new Map((await this.m.find(PlanItem, { where: { id: In(rows.map((r) => r.id)) } })).map((i) => [i.id, i]));
    return rows.map((r) => ({ item: items.get(r.id)!, brokerOrganisationId: r.broker_organisation_id, commissionerId: r.commissioner_id }));
  }

  /** The broker organisations of an area. */
  async brokersOfArea(commissionerId: string): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.m.query(`SELECT id FROM organisation WHERE kind = 'broker' AND commissioner_id = $1`, [
      commissionerId,
    ]);
    return rows.map((r) => r.id);
  }

  activeRepresentatives(holderId: string): Promise<HolderRepresentative[]> {
    return this.m.find(HolderRepresentative, { where: { holderId, consentRevokedAt: IsNull() } });
  }

  async upsertRepresentative(rep: Omit<HolderRepresentative, 'id'>): Promise<void> {
    await this.m.upsert(HolderRepresentative, rep, ['holderId', 'userId']);
  }

  async revokeRepresentative(holderId: string, userId: string, at: Date): Promise<void> {
    await this.m.update(HolderRepresentative, { holderId, userId, consentRevokedAt: IsNull() }, { consentRevokedAt: at });
  }

  holdersWhere(where: { brokerOrganisationId?: string[]; clinicalTeamId?: string[]; commissionerId?: string[] }): Promise<Holder[]> {
    const clauses = [];
    if (where.brokerOrganisationId?.length) clauses.push({ brokerOrganisationId: In(where.brokerOrganisationId) });
    if (where.clinicalTeamId?.length) clauses.push({ clinicalTeamId: In(where.clinicalTeamId) });
    if (where.commissionerId?.length) clauses.push({ commissionerId: In(where.commissionerId) });
    return clauses.length ? this.m.find(Holder, { where: clauses, order: { preferredName: 'ASC' } }) : Promise.resolve([]);
  }

  findPolicy(commissionerId: string): Promise<SignOffPolicy | null> {
    return this.m.findOne(SignOffPolicy, { where: { commissionerId } });
  }

  /** An area's first policy (demo data, tests): it is version 1, kept as such. */
  async upsertPolicy(policy: Omit<SignOffPolicy, 'id' | 'version'>): Promise<void> {
    await this.m.upsert(SignOffPolicy, policy, ['commissionerId']);
    await this.m.query(
      `INSERT INTO sign_off_policy_version (commissioner_id, version, rules, changed_by, note, changed_at) VALUES ($1, 1, $2, NULL, NULL, now())
       ON CONFLICT (commissioner_id, version) DO NOTHING`,
      [policy.commissionerId, policy.rules],
    );
  }

  insertPlan(plan: Omit<SupportPlan, 'id' | 'createdAt'>): Promise<SupportPlan> {
    return this.m.save(SupportPlan, plan);
  }

  findPlan(id: string): Promise<SupportPlan | null> {
    return this.m.findOne(SupportPlan, { where: { id } });
  }

  lockPlan(id: string): Promise<SupportPlan | null> {
    return this.m.createQueryBuilder(SupportPlan, 'p').setLock('pessimistic_write').where('p.id = :id', { id }).getOne();
  }

  plansOfHolder(holderId: string): Promise<SupportPlan[]> {
    return this.m.find(SupportPlan, { where: { holderId }, order: { createdAt: 'DESC' } });
  }

  async updatePlan(id: string, changes: Partial<SupportPlan>): Promise<void> {
    await this.m.update(SupportPlan, id, changes);
  }

  goals(planId: string): Promise<PlanGoal[]> {
    return this.m.find(PlanGoal, { where: { planId }, order: { position: 'ASC' } });
  }

  insertGoal(goal: Omit<PlanGoal, 'id'>): Promise<PlanGoal> {
    return this.m.save(PlanGoal, goal);
  }

  items(planId: string): Promise<PlanItem[]> {
    return this.m.find(PlanItem, { where: { planId }, order: { requestedAt: 'ASC', id: 'ASC' } });
  }

  findItem(id: string): Promise<PlanItem | null> {
    return this.m.findOne(PlanItem, { where: { id } });
  }

  /** Locks the item so two deciders acting at once are applied one after the other. */
  lockItem(id: string): Promise<PlanItem | null> {
    return this.m.createQueryBuilder(PlanItem, 'i').setLock('pessimistic_write').where('i.id = :id', { id }).getOne();
  }

  insertItem(item: Omit<PlanItem, 'id'>): Promise<PlanItem> {
    return this.m.save(PlanItem, item as QueryDeepPartialEntity<PlanItem> as PlanItem);
  }

  async updateItem(id: string, changes: Partial<PlanItem>): Promise<void> {
    await this.m.update(PlanItem, id, changes);
  }

  async setItemsStatus(planId: string, from: ItemStatus, to: ItemStatus): Promise<void> {
    await this.m.update(PlanItem, { planId, status: from }, { status: to });
  }

  pendingItemsOfHolders(holderIds: string[]): Promise<Array<PlanItem & { holderId: string }>> {
    if (!holderIds.length) return Promise.resolve([]);
    return this.m
      .createQueryBuilder(PlanItem, 'i')
      .innerJoin(SupportPlan, 'p', 'p.id = i.plan_id')
      .addSelect('p.holder_id', 'holder_id')
      .where('p.holder_id IN (:...holderIds)', { holderIds })
      .andWhere('i.status = :status', { status: ItemStatus.Pending })
      .orderBy('i.requested_at', 'ASC')
      .getRawAndEntities()
      .then(({ entities, raw }) => entities.map((e, i) => Object.assign(e, { holderId: (raw[i] as { holder_id: string }).holder_id })));
  }

  decisions(itemId: string): Promise<SignOffDecision[]> {
    return this.m.find(SignOffDecision, { where: { itemId }, order: { decidedAt: 'ASC' } });
  }

  decisionsOfRound(itemId: string, round: number, kind?: DecisionKind): Promise<SignOffDecision[]> {
    return this.m.find(SignOffDecision, { where: { itemId, round, ...(kind ? { decision: kind } : {}) } });
  }

  insertDecision(decision: Omit<SignOffDecision, 'id'>): Promise<SignOffDecision> {
    return this.m.save(SignOffDecision, decision);
  }

  signatures(planId: string): Promise<PlanSignature[]> {
    return this.m.find(PlanSignature, { where: { planId } });
  }

  async insertSignature(signature: Omit<PlanSignature, 'id'>): Promise<void> {
    await this.m.upsert(PlanSignature, signature, ['planId', 'role']);
  }

  // ---- batches, one statement for many: what the GraphQL loaders and the approvals inbox read ----

  findPlans(ids: readonly string[]): Promise<SupportPlan[]> {
    return ids.length ? this.m.find(SupportPlan, { where: { id: In([...ids]) } }) : Promise.resolve([]);
  }

  findHolders(ids: readonly string[]): Promise<Holder[]> {
    return ids.length ? this.m.find(Holder, { where: { id: In([...ids]) } }) : Promise.resolve([]);
  }

  findPolicies(commissionerIds: readonly string[]): Promise<SignOffPolicy[]> {
    return commissionerIds.length
      ? this.m.find(SignOffPolicy, { where: { commissionerId: In([...commissionerIds]) } })
      : Promise.resolve([]);
  }

  findItems(ids: readonly string[]): Promise<PlanItem[]> {
    return ids.length ? this.m.find(PlanItem, { where: { id: In([...ids]) } }) : Promise.resolve([]);
  }

  goalsOfPlans(planIds: readonly string[]): Promise<PlanGoal[]> {
    return planIds.length
      ? this.m.find(PlanGoal, { where: { planId: In([...planIds]) }, order: { position: 'ASC' } })
      : Promise.resolve([]);
  }

  itemsOfPlans(planIds: readonly string[]): Promise<PlanItem[]> {
    return planIds.length
      ? this.m.find(PlanItem, { where: { planId: In([...planIds]) }, order: { requestedAt: 'ASC', id: 'ASC' } })
      : Promise.resolve([]);
  }

  reviewsOfPlans(planIds: readonly string[]): Promise<PlanReview[]> {
    return planIds.length ? this.m.find(PlanReview, { where: { planId: In([...planIds]) }, order: { dueOn: 'ASC' } }) : Promise.resolve([]);
  }

  decisionsOfItems(itemIds: readonly string[]): Promise<SignOffDecision[]> {
    return itemIds.length
      ? this.m.find(SignOffDecision, { where: { itemId: In([...itemIds]) }, order: { decidedAt: 'ASC' } })
      : Promise.resolve([]);
  }

  reviews(planId: string): Promise<PlanReview[]> {
    return this.m.find(PlanReview, { where: { planId }, order: { dueOn: 'ASC' } });
  }

  findReview(id: string): Promise<PlanReview | null> {
    return this.m.findOne(PlanReview, { where: { id } });
  }

  async insertReviews(reviews: Array<Omit<PlanReview, 'id'>>): Promise<void> {
    if (reviews.length) await this.m.insert(PlanReview, reviews);
  }

  async updateReview(id: string, changes: Partial<PlanReview>): Promise<void> {
    await this.m.update(PlanReview, id, changes);
  }
}
