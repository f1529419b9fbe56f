import { Injectable } from '@nestjs/common';
import { AppConfig } from '@kinwell/config';
import { TransactionHost } from '@kinwell/database';
import { Organisation, Principal, Role } from '@kinwell/identity';
import { DomainError } from '@kinwell/kernel';
import { In } from 'typeorm';
import {
  ListedLocation,
  ListedService,
  ListingChange,
  ListingChangeStatus,
  ListingSubject,
  Offering,
  ProviderProfile,
} from './directory.entities';

/** Where a listing stands, in the words its provider reads. */
export type ListingState =
  | { kind: 'live' }
  | { kind: 'waiting'; since: Date }
  | { kind: 'changes_asked'; reason: string; on: Date }
  | { kind: 'stale'; hiddenOn: Date }
  | { kind: 'hidden'; since: Date }
  | { kind: 'withdrawn'; since: Date };

export interface WorkspaceEntry<T> {
  /** The live version; null while a new listing waits for its first approval. */
  live: T | null;
  /** The newest proposal, for what it says while it waits or was sent back. */
  latest: ListingChange | null;
  state: ListingState;
  subjectId: string;
}

export interface ProviderWorkspace {
  organisation: Organisation;
  profile: WorkspaceEntry<ProviderProfile>;
  locations: Array<WorkspaceEntry<ListedLocation>>;
  services: Array<WorkspaceEntry<ListedService> & { offerings: Array<WorkspaceEntry<Offering>> }>;
}

const DAY = 86_400_000;

/**
 * A provider's own listings, live or not, each with its state: what it looks like to the people who
 * keep it up to date. Read only, for that provider's staff.
 */
@Injectable()
export class ProviderWorkspaceQueries {
  constructor(
    private readonly tx: TransactionHost,
    private readonly config: AppConfig,
  ) {}

  async workspace(principal: Principal, providerId: string): Promise<ProviderWorkspace> {
    principal.assertMemberOf(providerId, Role.ProviderStaff);
    const m = this.tx.manager;
    const organisation = await m.findOne(Organisation, { where: { id: providerId } });
    if (!organisation) throw DomainError.notFound('That provider');
    const [profile, locations, services, offerings, changes] = await Promise.all([
      m.findOne(ProviderProfile, { where: { organisationId: providerId } }),
      m.find(ListedLocation, { where: { organisationId: providerId }, order: { name: 'ASC' } }),
      m.find(ListedService, { where: { organisationId: providerId }, order: { name: 'ASC' } }),
      m.find(Offering, { where: { organisationId: providerId }, order: { name: 'ASC' } }),
      m.find(ListingChange, {
        where: {
          organisationId: providerId,
          status: In([ListingChangeStatus.Pending, ListingChangeStatus.Rejected, ListingChangeStatus.Approved]),
        },
        order: { submittedAt: 'DESC' },
      }),
    ]);
    const latest = new Map<string, ListingChange>();
    for (const c of changes) if (!latest.has(c.subjectId)) latest.set(c.subjectId, c);
    const entry = <T extends { withdrawnAt: Date | null }>(
      subjectId: string,
      live: T | null,
      stale?: ListedService,
    ): WorkspaceEntry<T> => ({
      live,
      latest: latest.get(subjectId) ?? null,
      state: this.state(live, latest.get(subjectId) ?? null, stale),
      subjectId,
    });
    // Listings proposed but never approved have no live row yet: they are found through their changes.
    const unborn = (subject: ListingSubject, known: Set<string>) =>
      [...latest.values()].filter((c) => c.subjectType === subject && !known.has(c.subjectId) && c.status !== ListingChangeStatus.Approved);
    const serviceIds = new Set(services.map((s) => s.id));
    const offeringIds = new Set(offerings.map((o) => o.id));
    const newOfferings = unborn(ListingSubject.Offering, offeringIds);
    const offeringsOf = (serviceId: string) => [
      ...offerings.filter((o) => o.serviceId === serviceId).map((o) => entry(o.id, o)),
      ...newOfferings.filter((c) => c.proposed.serviceId === serviceId).map((c) => entry<Offering>(c.subjectId, null)),
    ];
    return {
      organisation,
      profile: entry(providerId, profile),
      locations: [
        ...locations.map((l) => entry(l.id, l)),
        ...unborn(ListingSubject.Location, new Set(locations.map((l) => l.id))).map((c) => entry<ListedLocation>(c.subjectId, null)),
      ],
      services: [
        ...services.map((s) => ({ ...entry(s.id, s, s), offerings: offeringsOf(s.id) })),
        ...unborn(ListingSubject.Service, serviceIds).map((c) => ({
          ...entry<ListedService>(c.subjectId, null),
          offerings: offeringsOf(c.subjectId),
        })),
      ],
    };
  }

  private state(live: { withdrawnAt: Date | null } | null, latest: ListingChange | null, service?: ListedService): ListingState {
    if (live?.withdrawnAt) return { kind: 'withdrawn', since: live.withdrawnAt };
    if (latest?.status === ListingChangeStatus.Pending) return { kind: 'waiting', since: latest.submittedAt };
    if (latest?.status === ListingChangeStatus.Rejected)
      return { kind: 'changes_asked', reason: latest.decisionReason ?? '', on: latest.decidedAt ?? latest.submittedAt };
    if (service?.hiddenAt) return { kind: 'hidden', since: service.hiddenAt };
    if (service?.staleFlaggedAt)
      return { kind: 'stale', hiddenOn: new Date(service.lastConfirmedAt.getTime() + this.config.directory.hideAfterDays * DAY) };
    return { kind: 'live' };
  }
}
