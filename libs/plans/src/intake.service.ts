import { PlanNotices } from './plan-notices';
import { Injectable } from '@nestjs/common';
import { AuditLog, TransactionHost } from '@kinwell/database';
import { postcodeDistrict } from '@kinwell/directory';
import { AccountsService, Organisation } from '@kinwell/identity';
import { Clock, DomainError, FieldProblem, isEmailAddress, isPhoneNumber, textProblem } from '@kinwell/kernel';
import { randomInt } from 'node:crypto';
import { addWorkingDays } from './domain/working-days';
import { IntakeRepository } from './intake.repository';
import { BudgetRequest, BudgetRequestStatus, Referral, REFERRER_ROLES } from './plans.entities';

export interface NewBudgetRequest {
  commissionerId: string;
  whatWouldHelp: string;
  name: string;
  contactBy: 'email' | 'phone';
  email: string | null;
  phone: string | null;
  language: string;
  postcodeDistrict: string | null;
  consent: boolean;
  userId: string | null;
  /** Someone not signed in may make an account as they ask (contact by email): its password. */
  newAccountPassword?: string | null;
}

/** A referral by a care coordinator, a GP or a voluntary group: the person's answers, the referrer's, and the consent. */
export interface NewReferral extends Omit<NewBudgetRequest, 'consent' | 'userId' | 'newAccountPassword'> {
  referral: Omit<Referral, 'referrerUserId'>;
  /** The referrer says the person agreed to the referral and to being contacted. */
  personAgreed: boolean;
  referrerUserId: string | null;
}

/** How soon a broker answers someone who asked; an area's own promise can replace it in its public text. */
export const REPLY_WITHIN_WORKING_DAYS = 10;
const MAX_HELP = 2000;
const MAX_NAME = 100;
// No 0/O or 1/I/L: a reference is read out over the phone.
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

const reference = () => {
  const part = () => Array.from({ length: 4 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
  return `PHB-${part()}-${part()}`;
};

/** People asking for a personal health budget from the public pages, and what areas tell them. */
@Injectable()
export class IntakeService {
  constructor(
    private readonly repository: IntakeRepository,
    private readonly tx: TransactionHost,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly accounts: AccountsService,
    private readonly notices: PlanNotices,
  ) {}

  areas(): Promise<Organisation[]> {
    return this.repository.areas();
  }

  /** The area's own text by topic, in the language asked for where the area wrote one, else in English. */
  async areaInformation(commissionerId: string, language: string): Promise<Map<string, string>> {
    const rows = await this.repository.areaInformation(commissionerId, [...new Set(['en', language])]);
    const text = new Map<string, string>();
    for (const row of rows.sort((a) => (a.language === language ? 1 : -1))) text.set(row.topic, row.body);
    return text;
  }

  /** Checks a request without storing it, so a form can tell a person every problem at once. */
  problems(input: Partial<NewBudgetRequest>): FieldProblem[] {
    const problems: FieldProblem[] = [];
    const text = (field: keyof NewBudgetRequest, value: string | null | undefined, max: number, required: boolean) => {
      const v = value?.trim() ?? '';
      if (!v && required) problems.push({ field, message: 'required' });
      else if (v.length > max) problems.push({ field, message: `too_long:${max}` });
      else if (v && textProblem(v)) problems.push({ field, message: 'not_text' });
    };
    text('whatWouldHelp', input.whatWouldHelp, MAX_HELP, true);
    text('name', input.name, MAX_NAME, true);
    if (input.contactBy !== 'email' && input.contactBy !== 'phone') problems.push({ field: 'contactBy', message: 'required' });
    if (input.contactBy === 'email' && !isEmailAddress(input.email?.trim() ?? ''))
      problems.push({ field: 'email', message: 'invalid_email' });
    if (input.contactBy === 'phone' && !isPhoneNumber(input.phone?.trim() ?? ''))
      problems.push({ field: 'phone', message: 'invalid_phone' });
    if (input.postcodeDistrict?.trim() && !postcodeDistrict(input.postcodeDistrict))
      problems.push({ field: 'postcodeDistrict', message: 'invalid_postcode' });
    if (!input.commissionerId) problems.push({ field: 'commissionerId', message: 'required' });
    return problems;
  }

  /** Checks a referral's own part (the referrer and the consent) without storing it. */
  referralProblems(input: Partial<NewReferral>): FieldProblem[] {
    const r = input.referral;
    const problems: FieldProblem[] = [];
    const text = (field: string, value: string | null | undefined, max: number) => {
      const v = value?.trim() ?? '';
      if (!v) problems.push({ field, message: 'required' });
      else if (v.length > max) problems.push({ field, message: `too_long:${max}` });
      else if (textProblem(v)) problems.push({ field, message: 'not_text' });
    };
    text('referrerName', r?.referrerName, MAX_NAME);
    text('referrerOrganisation', r?.referrerOrganisation, 200);
    if (!r || !REFERRER_ROLES.includes(r.referrerRole)) problems.push({ field: 'referrerRole', message: 'required' });
    const email = r?.referrerEmail?.trim() ?? '';
    const phone = r?.referrerPhone?.trim() ?? '';
    if (!email && !phone) problems.push({ field: 'referrerEmail', message: 'required' });
    if (email && !isEmailAddress(email)) problems.push({ field: 'referrerEmail', message: 'invalid_email' });
    if (phone && !isPhoneNumber(phone)) problems.push({ field: 'referrerPhone', message: 'invalid_phone' });
    if (!input.personAgreed) problems.push({ field: 'personAgreed', message: 'required' });
    if (r?.consentHow !== 'spoken' && r?.consentHow !== 'written') problems.push({ field: 'consentHow', message: 'required' });
    const today = this.clock.now().toISOString().slice(0, 10);
    if (!r?.consentOn || !/^\d{4}-\d{2}-\d{2}$/.test(r.consentOn)) problems.push({ field: 'consentOn', message: 'required' });
    else if (r.consentOn > today) problems.push({ field: 'consentOn', message: 'not_future' });
    return problems;
  }

  /** A referral: stored like a request the person made, with who referred them and the consent they recorded. */
  refer(input: NewReferral): Promise<{ request: BudgetRequest; replyBy: Date }> {
    const problems = [...this.problems(input), ...this.referralProblems(input)];
    if (problems.length) throw DomainError.validation(problems);
    const r = input.referral;
    return this.store(
      { ...input, consent: true, userId: null },
      {
        referral: {
          referrerName: r.referrerName.trim(),
          referrerOrganisation: r.referrerOrganisation.trim(),
          referrerRole: r.referrerRole,
          referrerEmail: r.referrerEmail?.trim() || null,
          referrerPhone: r.referrerPhone?.trim() || null,
          consentHow: r.consentHow,
          consentOn: r.consentOn,
          referrerUserId: input.referrerUserId,
        },
        consentedAt: new Date(`${r.consentOn}T12:00:00Z`),
      },
    );
  }

  /** Stores the request and says by when a broker will be in touch. */
  ask(input: NewBudgetRequest): Promise<{ request: BudgetRequest; replyBy: Date }> {
    return this.store(input, {});
  }

  private store(
    input: NewBudgetRequest,
    extra: { referral?: Referral; consentedAt?: Date },
  ): Promise<{ request: BudgetRequest; replyBy: Date }> {
    return this.tx.run(async () => {
      const problems = this.problems(input);
      if (!input.consent) problems.push({ field: 'consent', message: 'required' });
      if (!problems.length && !(await this.repository.areas()).some((a) => a.id === input.commissionerId))
        problems.push({ field: 'commissionerId', message: 'required' });
      if (problems.length) throw DomainError.validation(problems);
      const now = this.clock.now();
      const row = {
        commissionerId: input.commissionerId,
        whatWouldHelp: input.whatWouldHelp.trim(),
        name: input.name.trim(),
        contactBy: input.contactBy,
        email: input.contactBy === 'email' ? input.email!.trim() : null,
        phone: input.contactBy === 'phone' ? input.phone!.trim() : null,
        language: input.language,
        postcodeDistrict: input.postcodeDistrict ? postcodeDistrict(input.postcodeDistrict) : null,
        consentedAt: extra.consentedAt ?? now,
        status: BudgetRequestStatus.New,
        userId: input.userId,
        referral: extra.referral ?? null,
      };
      if (!input.userId && input.newAccountPassword && row.email)
        row.userId = await this.accounts.accountWhileAsking(row.email, row.name, input.newAccountPassword, input.language);
      let request: BudgetRequest | null = null;
      // 31^8 references: a clash is rare, and a retry with a new one settles it.
      for (let i = 0; !request && i < 5; i++) request = await this.repository.insertRequest({ ...row, reference: reference() });
      if (!request) throw new DomainError('CONFLICT', 'Could not allocate a reference; try again');
      await this.audit.record({
        actor: extra.referral
          ? { userId: extra.referral.referrerUserId, label: `referrer: ${extra.referral.referrerOrganisation}` }
          : { userId: row.userId, label: row.userId ? 'holder' : 'public' },
        action: extra.referral ? 'intake.referred' : 'intake.requested',
        subject: { type: 'budget_request', id: request.id },
      });
      const replyBy = addWorkingDays(now, REPLY_WITHIN_WORKING_DAYS);
      const replyOn = replyBy.toISOString().slice(0, 10);
      await this.notices.requestArrived(
        request.commissionerId,
        extra.referral
          ? {
              key: 'referral.new',
              params: { reference: request.reference, from: extra.referral.referrerOrganisation, replyOn },
              link: `/broker/requests/${request.id}`,
            }
          : { key: 'request.new', params: { reference: request.reference, replyOn }, link: `/broker/requests/${request.id}` },
      );
      return { request, replyBy };
    });
  }
}
