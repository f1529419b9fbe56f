import { Message, Notifications } from '@kinwell/notifications';
import { Injectable } from '@nestjs/common';
import { AppConfig } from '@kinwell/config';
import { AuditLog, OutboxService, TransactionHost } from '@kinwell/database';
import { Clock, DomainError, isClockTime, isEmailAddress, isPhoneNumber, isUuid, Money, newId } from '@kinwell/kernel';
import { Organisation, Principal, Role } from '@kinwell/identity';
import { DirectoryRepository } from './directory.repository';
import { ListingFailure, notFound, notPending, notReady } from './directory.errors';
import { ListingChange, ListingChangeStatus, ListingOperation, ListingSubject } from './directory.entities';
import { LocationProposal, OfferingProposal, ProviderProposal, ServiceProposal, WEEKDAYS } from './proposals';
import { postcodeDistrict } from './vocabulary';

export const PROVIDER_CHANGED = 'directory.provider.changed';
export const LISTING_STALE = 'directory.listing.stale';

type Proposal =
  | { subject: ListingSubject.Provider; data: ProviderProposal }
  | { subject: ListingSubject.Service; data: ServiceProposal }
  | {
      subject: ListingSubject.Location;
      data: Omit<LocationProposal, 'latitude' | 'longitude'> & { latitude?: number | null; longitude?: number | null };
    }
  | { subject: ListingSubject.Offering; data: OfferingProposal };

/**
 * A service's openings, areas and contacts, checked and tidied: times as HH:MM with opening before
 * closing, areas as postcode districts (E8 3AB is kept as E8), each contact with a way to reach them.
 */
function servicePublishing(data: ServiceProposal): Required<Pick<ServiceProposal, 'schedules' | 'serviceAreas' | 'contacts'>> {
  const problems: Array<{ field: string; message: string }> = [];
  const schedules = data.schedules ?? [];
  schedules.forEach((s, i) => {
    if (!WEEKDAYS.includes(s.byDay)) problems.push({ field: `schedules.${i}.byDay`, message: 'must be a day, MO to SU' });
    if (!isClockTime(s.opensAt) || !isClockTime(s.closesAt) || s.opensAt >= s.closesAt)
      problems.push({ field: `schedules.${i}.opensAt`, message: 'opens and closes as HH:MM, opening before closing' });
  });
  const serviceAreas = (data.serviceAreas ?? []).map((a, i) => {
    const district = postcodeDistrict(a);
    if (!district) problems.push({ field: `serviceAreas.${i}`, message: 'must be a postcode district, such as E8' });
    return district ?? a;
  });
  const contacts = (data.contacts ?? []).map((c, i) => {
    if (!c.name?.trim()) problems.push({ field: `contacts.${i}.name`, message: 'give a name' });
    if (!c.email && !c.phone) problems.push({ field: `contacts.${i}.email`, message: 'give an email address or a phone number' });
    if (c.email && !isEmailAddress(c.email)) problems.push({ field: `contacts.${i}.email`, message: 'must be an email address' });
    if (c.phone && !isPhoneNumber(c.phone)) problems.push({ field: `contacts.${i}.phone`, message: 'must be a phone number' });
    return { name: c.name.trim(), title: c.title?.trim() || null, email: c.email?.trim() || null, phone: c.phone?.trim() || null };
  });
  if (schedules.length > 28 || serviceAreas.length > 100 || contacts.length > 10)
    problems.push({ field: 'schedules', message: 'at most 28 openings, 100 areas and 10 contacts' });
  if (problems.length) throw DomainError.validation(problems);
  return { schedules: schedules.map((s) => ({ ...s, note: s.note?.trim() || null })), serviceAreas: [...new Set(serviceAreas)], contacts };
}

const MODERATOR_ROLES = [Role.BrokerStaff, Role.Commissioner, Role.PlatformAdmin];

function assertIds(ids: Record<string, string>): void {
  const bad = Object.entries(ids).filter(([, v]) => !isUuid(v));
  if (bad.length) throw DomainError.validation(bad.map(([field]) => ({ field, message: 'must be a UUID' })));
}

/**
 * Provider self-service with moderation. Provider staff propose versions of their
 * listings; moderators in the same commissioning area approve (the version goes live)
 * or reject with a reason. The public only ever sees approved versions.
 */
@Injectable()
export class DirectoryService {
  constructor(
    private readonly repository: DirectoryRepository,
    private readonly tx: TransactionHost,
    private readonly audit: AuditLog,
    private readonly outbox: OutboxService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly notifications: Notifications,
  ) {}

  /** Proposes a new version of a listing (a create when subjectId is null). */
  propose(principal: Principal, providerId: string, subjectId: string | null, proposal: Proposal): Promise<ListingChange | ListingFailure> {
    principal.assertMemberOf(providerId, Role.ProviderStaff);
    return this.tx.run(async () => {
      if (!(await this.repository.findProviderOrganisation(providerId))) return notFound('That provider is not in the directory');
      const checked = await this.checkProposal(providerId, subjectId, proposal);
      if ('kind' in checked) return checked;
      const id = subjectId ?? (proposal.subject === ListingSubject.Provider ? providerId : newId());
      return this.record(principal, providerId, proposal.subject, id, checked.operation, checked.data);
    });
  }

  withdraw(principal: Principal, providerId: string, subject: ListingSubject, subjectId: string): Promise<ListingChange | ListingFailure> {
    assertIds({ subjectId });
    principal.assertMemberOf(providerId, Role.ProviderStaff);
    return this.tx.run(async () => {
      const live = await this.liveOwner(subject, subjectId);
      if (live !== providerId) return notFound(`That ${subject} is not one of this provider's live listings`);
      return this.record(principal, providerId, subject, subjectId, ListingOperation.Withdraw, {});
    });
  }

  approve(principal: Principal, changeId: string, note: string | null): Promise<ListingChange | ListingFailure> {
    assertIds({ changeId });
    return this.decide(principal, changeId, async (change, provider) => {
      const applied = await this.apply(change, provider);
      if (applied) return applied;
      return this.finish(principal, change, ListingChangeStatus.Approved, note);
    });
  }

  reject(principal: Principal, changeId: string, reason: string): Promise<ListingChange | ListingFailure> {
    assertIds({ changeId });
    if (reason.trim().length < 3) throw DomainError.validation([{ field: 'reason', message: 'say why, in words the provider can act on' }]);
    if (reason.length > 2000) throw DomainError.validation([{ field: 'reason', message: 'must be at most 2000 characters' }]);
    return this.decide(principal, changeId, (change) => this.finish(principal, change, ListingChangeStatus.Rejected, reason.trim()));
  }

  /** Provider staff say a service is still right; clears stale flags and shows it again if hidden. */
  confirmService(principal: Principal, serviceId: string): Promise<Date | ListingFailure> {
    assertIds({ serviceId });
    return this.tx.run(async () => {
      const service = await this.repository.findService(serviceId);
      if (!service || service.withdrawnAt) return notFound('That service is not a live listing');
      principal.assertMemberOf(service.organisationId, Role.ProviderStaff);
      const now = this.clock.now();
      const wasHidden = await this.repository.confirmService(serviceId, now);
      await this.audit.record({
        actor: principal.auditActor,
        action: 'listing.confirmed',
        subject: { type: 'service', id: serviceId },
        change: wasHidden ? { hidden: { from: true, to: false } } : null,
      });
      if (wasHidden) await this.outbox.publish(PROVIDER_CHANGED, { providerId: service.organisationId });
      return now;
    });
  }

  /** Worker job: flag services not confirmed for a while, then hide them. */
  async sweepStale(): Promise<{ flagged: number; hidden: number }> {
    const now = this.clock.now();
    const day = 24 * 60 * 60 * 1000;
    const { staleAfterDays, hideAfterDays } = this.config.directory;
    return this.tx.run(async () => {
      // One sweeper at a time across all workers; the others skip this round.
      const [{ locked }] = await this.tx.manager.query(`SELECT pg_try_advisory_xact_lock(hashtext('kinwell:directory-sweep')) AS locked`);
      if (!locked) return { flagged: 0, hidden: 0 };
      const { flagged, hidden } = await this.repository.sweepStale(
        new Date(now.getTime() - staleAfterDays * day),
        new Date(now.getTime() - hideAfterDays * day),
        now,
      );
      for (const s of flagged) {
        await this.outbox.publish(LISTING_STALE, { serviceId: s.id, providerId: s.organisation_id, hidden: false });
        const hideOn = new Date(new Date(s.last_confirmed_at).getTime() + hideAfterDays * day).toISOString().slice(0, 10);
        await this.tellProvider(s.organisation_id, { key: 'listing.stale', params: { name: s.name, hideOn } }, `stale:${s.id}:${hideOn}`);
      }
      for (const s of hidden) {
        await this.outbox.publish(LISTING_STALE, { serviceId: s.id, providerId: s.organisation_id, hidden: true });
        await this.tellProvider(
          s.organisation_id,
          { key: 'listing.hidden', params: { name: s.name } },
          `hidden:${s.id}:${now.toISOString().slice(0, 10)}`,
        );
        await this.audit.record({
          actor: { userId: null, label: 'system' },
          action: 'listing.hidden_unconfirmed',
          subject: { type: 'service', id: s.id },
          reason: `Not confirmed for ${hideAfterDays} days`,
        });
      }
      for (const providerId of new Set(hidden.map((s) => s.organisation_id))) await this.outbox.publish(PROVIDER_CHANGED, { providerId });
      return { flagged: flagged.length, hidden: hidden.length };
    });
  }

  async pendingChanges(principal: Principal, limit: number, offset: number): Promise<{ rows: ListingChange[]; total: number }> {
    return this.repository.pendingChanges(await this.moderatedAreas(principal), limit, offset);
  }

  changesForProvider(principal: Principal, providerId: string): Promise<ListingChange[]> {
    principal.assertMemberOf(providerId, Role.ProviderStaff);
    return this.repository.changesForOrganisation(providerId, 100);
  }

  private async decide(
    principal: Principal,
    changeId: string,
    work: (change: ListingChange, provider: Organisation) => Promise<ListingChange | ListingFailure>,
  ): Promise<ListingChange | ListingFailure> {
    if (!principal.hasRole(...MODERATOR_ROLES)) throw DomainError.forbidden('Only brokers and commissioners moderate the directory');
    return this.tx.run(async () => {
      const change = await this.repository.lockChange(changeId);
      if (!change) return notFound('That listing change does not exist');
      const provider = (await this.repository.findOrganisation(change.organisationId))!;
      const areas = await this.moderatedAreas(principal);
      if (areas && (!provider.commissionerId || !areas.includes(provider.commissionerId))) {
        throw DomainError.forbidden('That provider is outside the areas you moderate');
      }
      if (change.status !== ListingChangeStatus.Pending) return notPending(`That change was already ${change.status}`);
      // A provider that registered itself lists nothing until a moderator has approved the organisation.
      if (!provider.approvedAt) return notReady('This provider’s registration has not been approved yet. Decide the registration first.');
      return work(change, provider);
    });
  }

  /** Commissioner areas the principal moderates; null means every area (platform admin). */
  private async tellProvider(providerId: string, message: Message, dedupeKey: string): Promise<void> {
    await this.notifications.tell(
      await this.notifications.staffOf([providerId], [Role.ProviderStaff]),
      { ...message, link: `/provider/${providerId}` },
      {
        dedupeKey,
      },
    );
  }

  private async moderatedAreas(principal: Principal): Promise<string[] | null> {
    if (principal.isPlatformAdmin) return null;
    const orgIds = principal.organisationsWith(Role.BrokerStaff, Role.Commissioner);
    if (!orgIds.length) throw DomainError.forbidden('Only brokers and commissioners moderate the directory');
    const areas = new Set<string>();
    for (const id of orgIds) {
      const org = await this.repository.findOrganisation(id);
      if (org) areas.add(org.commissionerId ?? org.id);
    }
    return [...areas];
  }

  private async finish(
    principal: Principal,
    change: ListingChange,
    status: ListingChangeStatus,
    reason: string | null,
  ): Promise<ListingChange> {
    const now = this.clock.now();
    await this.repository.decideChange(change.id, status, principal.userId, now, reason);
    await this.audit.record({
      actor: principal.auditActor,
      action: status === ListingChangeStatus.Approved ? 'listing.approved' : 'listing.rejected',
      subject: { type: change.subjectType, id: change.subjectId },
      reason,
      change: { changeId: change.id, version: change.version, operation: change.operation, status: { from: 'pending', to: status } },
    });
    if (status === ListingChangeStatus.Approved) await this.outbox.publish(PROVIDER_CHANGED, { providerId: change.organisationId });
    const name = typeof change.proposed.name === 'string' ? change.proposed.name : change.subjectType;
    await this.tellProvider(
      change.organisationId,
      status === ListingChangeStatus.Approved
        ? { key: 'listing.approved', params: { name } }
        : { key: 'listing.changes_asked', params: { name, reason: reason ?? '' } },
      `listing-decided:${change.id}`,
    );
    return Object.assign(change, { status, decidedBy: principal.userId, decidedAt: now, decisionReason: reason });
  }

  private async record(
    principal: Principal,
    providerId: string,
    subject: ListingSubject,
    subjectId: string,
    operation: ListingOperation,
    data: object,
  ): Promise<ListingChange> {
    await this.repository.supersedePending(subjectId);
    const change = await this.repository.insertChange({
      organisationId: providerId,
      subjectType: subject,
      subjectId,
      operation,
      version: await this.repository.nextVersion(subjectId),
      proposed: data as Record<string, unknown>,
      status: ListingChangeStatus.Pending,
      submittedBy: principal.userId,
      submittedAt: this.clock.now(),
    });
    await this.audit.record({
      actor: principal.auditActor,
      action: 'listing.proposed',
      subject: { type: subject, id: subjectId },
      change: { changeId: change.id, version: change.version, operation },
    });
    return change;
  }

  /** Which provider owns a live listing, or null. */
  private async liveOwner(subject: ListingSubject, id: string): Promise<string | null> {
    switch (subject) {
      case ListingSubject.Provider:
        return (await this.repository.findProfile(id))?.organisationId ?? null;
      case ListingSubject.Service:
        return (await this.repository.findService(id))?.organisationId ?? null;
      case ListingSubject.Location:
        return (await this.repository.findLocation(id))?.organisationId ?? null;
      case ListingSubject.Offering:
        return (await this.repository.findOffering(id))?.organisationId ?? null;
    }
  }

  /** Business checks on a proposal: references belong to this provider, postcodes place. */
  private async checkProposal(
    providerId: string,
    subjectId: string | null,
    proposal: Proposal,
  ): Promise<{ operation: ListingOperation; data: object } | ListingFailure> {
    if (subjectId) {
      const owner = await this.liveOwner(proposal.subject, subjectId);
      if (owner !== providerId) return notFound(`That ${proposal.subject} is not one of this provider's live listings`);
    }
    const operation =
      subjectId || (proposal.subject === ListingSubject.Provider && (await this.repository.findProfile(providerId)))
        ? ListingOperation.Update
        : ListingOperation.Create;
    switch (proposal.subject) {
      case ListingSubject.Provider:
        return { operation, data: proposal.data };
      case ListingSubject.Service: {
        const locations = await this.repository.findLocations(proposal.data.locationIds);
        if (
          locations.length !== new Set(proposal.data.locationIds).size ||
          locations.some((l) => l.organisationId !== providerId || l.withdrawnAt)
        ) {
          return notFound("Every location must be one of this provider's live locations");
        }
        if (proposal.data.minimumAge !== null && proposal.data.maximumAge !== null && proposal.data.minimumAge > proposal.data.maximumAge) {
          throw DomainError.validation([{ field: 'maximumAge', message: 'must not be below the minimum age' }]);
        }
        return { operation, data: { ...proposal.data, ...servicePublishing(proposal.data) } };
      }
      case ListingSubject.Location: {
        const district = postcodeDistrict(proposal.data.postcode);
        if (!district) throw DomainError.validation([{ field: 'postcode', message: 'must be a UK postcode, such as E8 3AB' }]);
        let { latitude, longitude } = proposal.data;
        if (latitude == null || longitude == null) {
          const centre = await this.repository.findPostcodeDistrict(district);
          if (!centre)
            throw DomainError.validation([
              { field: 'latitude', message: `we cannot place ${district} on the map; give latitude and longitude` },
            ]);
          ({ latitude, longitude } = centre);
        }
        return { operation, data: { ...proposal.data, postcode: proposal.data.postcode.trim().toUpperCase(), latitude, longitude } };
      }
      case ListingSubject.Offering: {
        const service = await this.repository.findService(proposal.data.serviceId);
        if (!service || service.organisationId !== providerId || service.withdrawnAt)
          return notFound("The service must be one of this provider's live services");
        if (!(await this.repository.categoryExists(proposal.data.categoryCode)))
          throw DomainError.validation([{ field: 'categoryCode', message: 'is not a Kinwell category' }]);
        Money.ofPence(proposal.data.pricePence);
        return { operation, data: proposal.data };
      }
    }
  }

  /** Makes an approved version live; refuses when what it depends on is not live yet. */
  private async apply(change: ListingChange, provider: Organisation): Promise<ListingFailure | null> {
    const now = this.clock.now();
    if (change.operation === ListingOperation.Withdraw) {
      await this.repository.withdraw(change.subjectType, change.subjectId, now);
      return null;
    }
    const p = change.proposed;
    switch (change.subjectType) {
      case ListingSubject.Provider: {
        const data = p as unknown as ProviderProposal;
        await this.repository.upsertProfile({ organisationId: provider.id, ...data, withdrawnAt: null });
        return null;
      }
      case ListingSubject.Location: {
        const data = p as unknown as LocationProposal;
        await this.repository.upsertLocation({
          id: change.subjectId,
          organisationId: provider.id,
          ...data,
          postcodeDistrict: postcodeDistrict(data.postcode)!,
          withdrawnAt: null,
        });
        return null;
      }
      case ListingSubject.Service: {
        if (!(await this.repository.findProfile(provider.id))) return notReady("Approve the provider's profile first");
        const { locationIds, ...data } = p as unknown as ServiceProposal;
        const locations = await this.repository.findLocations(locationIds);
        if (locations.length !== locationIds.length || locations.some((l) => l.withdrawnAt))
          return notReady("Approve the service's locations first");
        await this.repository.upsertService(
          {
            id: change.subjectId,
            organisationId: provider.id,
            ...data,
            schedules: data.schedules ?? [],
            serviceAreas: data.serviceAreas ?? [],
            contacts: data.contacts ?? [],
            lastConfirmedAt: now,
            staleFlaggedAt: null,
            hiddenAt: null,
            withdrawnAt: null,
          },
          locationIds,
        );
        return null;
      }
      case ListingSubject.Offering: {
        const { pricePence, ...data } = p as unknown as OfferingProposal;
        const service = await this.repository.findService(data.serviceId);
        if (!service || service.withdrawnAt) return notReady('Approve the service first');
        await this.repository.upsertOffering({
          id: change.subjectId,
          organisationId: provider.id,
          ...data,
          fastTrack: data.fastTrack ?? false,
          price: Money.ofPence(pricePence),
          withdrawnAt: null,
        });
        return null;
      }
    }
  }
}
