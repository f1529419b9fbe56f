import { Injectable } from '@nestjs/common';
import { AuditLog, TransactionHost } from '@kinwell/database';
import { Principal, Role } from '@kinwell/identity';
import { Clock, DomainError } from '@kinwell/kernel';
import { DEFAULT_DEADLINES, Deadlines, SignOffRules, signOffRulesSchema } from './domain/sign-off-policy';
import { SignOffPolicy, SignOffPolicyVersion } from './plans.entities';
import { IntakeRepository } from './intake.repository';

/** The topics of an area's public information page, in the order they are shown. */
export const AREA_TOPICS = ['who', 'amount', 'decisions', 'spending', 'benefits'] as const;
export type AreaTopic = (typeof AREA_TOPICS)[number];
const AREA_LANGUAGES = ['en', 'ur'];

export interface PolicyChange {
  /** The new upper limit (pence) of each tier that has one, in tier order; tiers without a limit keep none. */
  tierLimits: Array<number | null>;
  deadlines: Deadlines;
  /** Why it changed: kept with the version. */
  note: string;
}

/**
 * An area's own settings, changed by its commissioner: the sign-off policy (each change a new version, with who
 * and why, audited) and the text of its public information page. PHB leads may read them.
 */
@Injectable()
export class AreaSettingsService {
  constructor(
    private readonly tx: TransactionHost,
    private readonly intake: IntakeRepository,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  async policy(principal: Principal, areaId: string) {
    principal.assertMemberOf(areaId, Role.Commissioner, Role.PhbLead);
    const m = this.tx.manager;
    const policy = await m.findOne(SignOffPolicy, { where: { commissionerId: areaId } });
    const history = await m.find(SignOffPolicyVersion, { where: { commissionerId: areaId }, order: { version: 'DESC' }, take: 20 });
    const names = await this.names(history.map((h) => h.changedBy).filter((id): id is string => !!id));
    return {
      policy: policy ? { name: policy.name, version: policy.version, rules: withDeadlines(signOffRulesSchema.parse(policy.rules)) } : null,
      history: history.map((h) => ({
        version: h.version,
        changedAt: h.changedAt,
        changedBy: h.changedBy ? (names.get(h.changedBy) ?? null) : null,
        note: h.note,
      })),
    };
  }

  /** A new version of the policy, validated as a whole; the version it replaces is kept. */
  changePolicy(principal: Principal, areaId: string, change: PolicyChange): Promise<number> {
    principal.assertMemberOf(areaId, Role.Commissioner);
    const note = change.note.trim();
    if (note.length < 5 || note.length > 500) throw DomainError.validation([{ field: 'note', message: 'say why, in 5 to 500 characters' }]);
    return this.tx.run(async () => {
      const m = this.tx.manager;
      const policy = await m
        .createQueryBuilder(SignOffPolicy, 'p')
        .setLock('pessimistic_write')
        .where('p.commissioner_id = :areaId', { areaId })
        .getOne();
      if (!policy) throw DomainError.notFound("This area's sign-off policy");
      const before = withDeadlines(signOffRulesSchema.parse(policy.rules));
      const limited = before.tiers.filter((t) => t.upToPence !== null);
      if (change.tierLimits.length !== limited.length)
        throw DomainError.validation([
          { field: 'tierLimits', message: `give a limit for each of the ${limited.length} tiers that have one` },
        ]);
      const problems: Array<{ field: string; message: string }> = [];
      change.tierLimits.forEach((pence, i) => {
        if (pence === null || !Number.isSafeInteger(pence) || pence < 1 || pence > 10_000_000)
          problems.push({ field: `tier${i}`, message: 'must be an amount from £0.01 to £100,000' });
        else if (i > 0 && change.tierLimits[i - 1] !== null && pence <= change.tierLimits[i - 1]!)
          problems.push({ field: `tier${i}`, message: 'must be more than the tier before it' });
      });
      if (problems.length) throw DomainError.validation(problems);
      let next = 0;
      const rules: SignOffRules = {
        ...before,
        deadlines: change.deadlines,
        tiers: before.tiers.map((t) => (t.upToPence === null ? t : { ...t, upToPence: change.tierLimits[next++] })),
      };
      const parsed = signOffRulesSchema.safeParse(rules);
      if (!parsed.success)
        throw DomainError.validation(parsed.error.issues.map((i) => ({ field: String(i.path.at(-1) ?? 'policy'), message: i.message })));
      const version = policy.version + 1;
      await m.update(SignOffPolicy, { id: policy.id }, { rules: parsed.data, version });
      await m.insert(SignOffPolicyVersion, {
        commissionerId: areaId,
        version,
        rules: parsed.data,
        changedBy: principal.userId,
        note,
        changedAt: this.clock.now(),
      });
      await this.audit.record({
        actor: principal.auditActor,
        action: 'sign_off_policy.changed',
        subject: { type: 'sign_off_policy', id: policy.id },
        reason: note,
        change: {
          version,
          tierLimits: { from: limited.map((t) => t.upToPence), to: change.tierLimits },
          deadlines: { from: before.deadlines, to: change.deadlines },
        },
      });
      return version;
    });
  }

  async information(principal: Principal, areaId: string): Promise<Record<string, Record<string, string>>> {
    principal.assertMemberOf(areaId, Role.Commissioner, Role.PhbLead);
    const rows = await this.intake.areaInformation(areaId, AREA_LANGUAGES);
    const out: Record<string, Record<string, string>> = {};
    for (const r of rows) (out[r.topic] ??= {})[r.language] = r.body;
    return out;
  }

  /** Replaces one topic's text in one language; an empty text removes it (the page then shows Kinwell's general words). */
  setInformation(principal: Principal, areaId: string, topic: string, language: string, body: string): Promise<void> {
    principal.assertMemberOf(areaId, Role.Commissioner);
    if (!(AREA_TOPICS as readonly string[]).includes(topic))
      throw DomainError.validation([{ field: 'topic', message: 'is not a topic of the page' }]);
    if (!AREA_LANGUAGES.includes(language)) throw DomainError.validation([{ field: 'language', message: 'must be en or ur' }]);
    const text = body.trim();
    if (text.length > 2000) throw DomainError.validation([{ field: 'body', message: 'must be at most 2,000 characters' }]);
    return this.tx.run(async () => {
      if (text)
        await this.intake.upsertAreaInformation({ commissionerId: areaId, topic, language, body: text, updatedAt: this.clock.now() });
      else
        await this.tx.manager.query('DELETE FROM area_information WHERE commissioner_id = $1 AND topic = $2 AND language = $3', [
          areaId,
          topic,
          language,
        ]);
      await this.audit.record({
        actor: principal.auditActor,
        action: 'area_information.changed',
        subject: { type: 'commissioner', id: areaId },
        change: { topic, language, length: text.length },
      });
    });
  }

  /** The areas the person commissions for (or leads personal health budgets in), by name: the workspace's choice of area. */
  async areas(principal: Principal): Promise<Array<{ id: string; name: string }>> {
    const ids = principal.organisationsWith(Role.Commissioner, Role.PhbLead);
    if (!ids.length) return [];
    const rows: Array<{ id: string; name: string }> = await this.tx.manager.query(
      `SELECT id, name FROM organisation WHERE id = ANY($1::uuid[]) AND kind = 'commissioner' ORDER BY name`,
      [[...new Set(ids)]],
    );
    return rows;
  }

  private async names(ids: string[]): Promise<Map<string, string>> {
    if (!ids.length) return new Map();
    const rows: Array<{ id: string; display_name: string }> = await this.tx.manager.query(
      'SELECT id, display_name FROM app_user WHERE id = ANY($1::uuid[])',
      [[...new Set(ids)]],
    );
    return new Map(rows.map((r) => [r.id, r.display_name]));
  }
}

const withDeadlines = (rules: SignOffRules): SignOffRules & { deadlines: Deadlines } => ({
  ...rules,
  deadlines: rules.deadlines ?? DEFAULT_DEADLINES,
});
