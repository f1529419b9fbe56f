import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@kinwell/database';
import { isUuid } from '@kinwell/kernel';
import { Organisation, OrganisationKind } from '@kinwell/identity';
import { In, IsNull } from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import {
  ListedLocation,
  ListedService,
  ListingChange,
  ListingChangeStatus,
  ListingSubject,
  Offering,
  PostcodeDistrict,
  ProviderProfile,
  ServiceAtLocation,
  TaxonomyTerm,
} from './directory.entities';

@Injectable()
export class DirectoryRepository {
  constructor(private readonly tx: TransactionHost) {}

  private get m() {
    return this.tx.manager;
  }

  findProviderOrganisation(id: string): Promise<Organisation | null> {
    return this.m.findOne(Organisation, { where: { id, kind: OrganisationKind.Provider } });
  }

  findOrganisation(id: string): Promise<Organisation | null> {
    return this.m.findOne(Organisation, { where: { id } });
  }

  findProfile(organisationId: string): Promise<ProviderProfile | null> {
    return this.m.findOne(ProviderProfile, { where: { organisationId } });
  }

  findService(id: string): Promise<ListedService | null> {
    return this.m.findOne(ListedService, { where: { id } });
  }

  findLocation(id: string): Promise<ListedLocation | null> {
    return this.m.findOne(ListedLocation, { where: { id } });
  }

  findLocations(ids: readonly string[]): Promise<ListedLocation[]> {
    return ids.length ? this.m.find(ListedLocation, { where: { id: In([...ids]) } }) : Promise.resolve([]);
  }

  async locationIdsOfService(serviceId: string): Promise<string[]> {
    const rows = await this.m.find(ServiceAtLocation, { where: { serviceId } });
    return rows.map((r) => r.locationId);
  }

  findOffering(id: string): Promise<Offering | null> {
    return this.m.findOne(Offering, { where: { id } });
  }

  /** Locks the change so two moderators deciding at once cannot both apply it. */
  lockChange(id: string): Promise<ListingChange | null> {
    return this.m.createQueryBuilder(ListingChange, 'c').setLock('pessimistic_write').where('c.id = :id', { id }).getOne();
  }

  findChange(id: string): Promise<ListingChange | null> {
    return this.m.findOne(ListingChange, { where: { id } });
  }

  async nextVersion(subjectId: string): Promise<number> {
    const [row]: Array<{ v: number }> = await this.m.query(
      'SELECT coalesce(max(version), 0)::int + 1 AS v FROM listing_change WHERE subject_id = $1',
      [subjectId],
    );
    return row.v;
  }

  async supersedePending(subjectId: string): Promise<void> {
    await this.m.update(ListingChange, { subjectId, status: ListingChangeStatus.Pending }, { status: ListingChangeStatus.Superseded });
  }

  insertChange(change: Omit<ListingChange, 'id' | 'decidedBy' | 'decidedAt' | 'decisionReason'>): Promise<ListingChange> {
    return this.m.save(ListingChange, { ...change, decidedBy: null, decidedAt: null, decisionReason: null });
  }

  async decideChange(id: string, status: ListingChangeStatus, decidedBy: string, decidedAt: Date, reason: string | null): Promise<void> {
    await this.m.update(ListingChange, id, { status, decidedBy, decidedAt, decisionReason: reason });
  }

  /** Pending changes for providers in the given commissioner areas (all areas when null). */
  async pendingChanges(areaIds: string[] | null, limit: number, offset: number): Promise<{ rows: ListingChange[]; total: number }> {
    const qb = this.m
      .createQueryBuilder(ListingChange, 'c')
      .innerJoin(Organisation, 'o', 'o.id = c.organisation_id')
      .where('c.status = :status', { status: ListingChangeStatus.Pending });
    if (areaIds)
      qb.andWhere('o.commissioner_id IN (:...areaIds)', { areaIds: areaIds.length ? areaIds : ['00000000-0000-0000-0000-000000000000'] });
    // Properties, not column names: with take/skip TypeORM pages in a subquery that only knows the properties.
    const [rows, total] = await qb.orderBy('c.submittedAt', 'ASC').addOrderBy('c.id', 'ASC').take(limit).skip(offset).getManyAndCount();
    return { rows, total };
  }

  changesForOrganisation(organisationId: string, limit: number): Promise<ListingChange[]> {
    return this.m.find(ListingChange, { where: { organisationId }, order: { submittedAt: 'DESC' }, take: limit });
  }

  async upsertProfile(profile: QueryDeepPartialEntity<ProviderProfile>): Promise<void> {
    await this.m.upsert(ProviderProfile, profile, ['organisationId']);
  }

  async upsertService(service: QueryDeepPartialEntity<ListedService>, locationIds: string[]): Promise<void> {
    await this.m.upsert(ListedService, service, ['id']);
    const serviceId = service.id as string;
    await this.m.query('DELETE FROM service_at_location WHERE service_id = $1 AND NOT (location_id = ANY($2::uuid[]))', [
      serviceId,
      locationIds,
    ]);
    for (const locationId of locationIds) {
      await this.m.query(
        'INSERT INTO service_at_location (id, service_id, location_id) VALUES (gen_random_uuid(), $1, $2) ON CONFLICT ON CONSTRAINT uq_service_at_location DO NOTHING',
        [serviceId, locationId],
      );
    }
  }

  async upsertLocation(location: QueryDeepPartialEntity<ListedLocation>): Promise<void> {
    await this.m.upsert(ListedLocation, location, ['id']);
  }

  async upsertOffering(offering: QueryDeepPartialEntity<Offering>): Promise<void> {
    await this.m.upsert(Offering, offering, ['id']);
  }

  async withdraw(subject: ListingSubject, id: string, at: Date): Promise<void> {
    switch (subject) {
      case ListingSubject.Provider:
        await this.m.update(ProviderProfile, { organisationId: id }, { withdrawnAt: at });
        return;
      case ListingSubject.Service:
        await this.m.update(ListedService, { id }, { withdrawnAt: at });
        return;
      case ListingSubject.Location:
        await this.m.update(ListedLocation, { id }, { withdrawnAt: at });
        return;
      case ListingSubject.Offering:
        await this.m.update(Offering, { id }, { withdrawnAt: at });
        return;
    }
  }

  async confirmService(id: string, at: Date): Promise<boolean> {
    const [before]: Array<{ hidden: boolean }> = await this.m.query('SELECT hidden_at IS NOT NULL AS hidden FROM service WHERE id = $1', [
      id,
    ]);
    await this.m.update(ListedService, { id }, { lastConfirmedAt: at, staleFlaggedAt: null, hiddenAt: null });
    return before?.hidden ?? false;
  }

  /** Flags then hides services whose providers have not confirmed them; returns the providers affected. */
  async sweepStale(
    flagBefore: Date,
    hideBefore: Date,
    now: Date,
  ): Promise<{
    flagged: Array<{ id: string; organisation_id: string; name: string; last_confirmed_at: Date }>;
    hidden: Array<{ id: string; organisation_id: string; name: string }>;
  }> {
    const hidden = await this.m.query(
      `UPDATE service SET hidden_at = $2, stale_flagged_at = coalesce(stale_flagged_at, $2)
        WHERE hidden_at IS NULL AND withdrawn_at IS NULL AND last_confirmed_at < $1 RETURNING id, organisation_id, name`,
      [hideBefore, now],
    );
    const flagged = await this.m.query(
      `UPDATE service SET stale_flagged_at = $2
        WHERE stale_flagged_at IS NULL AND withdrawn_at IS NULL AND last_confirmed_at < $1 RETURNING id, organisation_id, name, last_confirmed_at`,
      [flagBefore, now],
    );
    // TypeORM answers UPDATE ... RETURNING with [rows, rowCount].
    return { flagged: flagged[0], hidden: hidden[0] };
  }

  categoryExists(code: string): Promise<boolean> {
    return this.m.exists(TaxonomyTerm, { where: { code } });
  }

  categories(): Promise<TaxonomyTerm[]> {
    return this.m.find(TaxonomyTerm, { order: { name: 'ASC' } });
  }

  findPostcodeDistrict(code: string): Promise<PostcodeDistrict | null> {
    return this.m.findOne(PostcodeDistrict, { where: { code } });
  }

  // Public reads: live, not withdrawn, not hidden.
  publicProvider(id: string): Promise<ProviderProfile | null> {
    return this.m.findOne(ProviderProfile, { where: { organisationId: id, withdrawnAt: IsNull() }, relations: { organisation: true } });
  }

  publicServicesOf(organisationIds: readonly string[]): Promise<ListedService[]> {
    if (!organisationIds.length) return Promise.resolve([]);
    return this.m.find(ListedService, {
      where: { organisationId: In([...organisationIds]), withdrawnAt: IsNull(), hiddenAt: IsNull() },
      order: { name: 'ASC' },
    });
  }

  publicOfferingsOfServices(serviceIds: readonly string[]): Promise<Offering[]> {
    if (!serviceIds.length) return Promise.resolve([]);
    return this.m.find(Offering, {
      where: { serviceId: In([...serviceIds]), withdrawnAt: IsNull(), phbExclusion: IsNull() },
      order: { name: 'ASC' },
    });
  }

  async publicLocationsOfServices(serviceIds: readonly string[]): Promise<Array<ListedLocation & { serviceId: string }>> {
    if (!serviceIds.length) return [];
    const rows = await this.m
      .createQueryBuilder(ServiceAtLocation, 'sal')
      .innerJoinAndSelect('sal.location', 'l')
      .where('sal.service_id IN (:...ids)', { ids: serviceIds })
      .andWhere('l.withdrawn_at IS NULL')
      .getMany();
    return rows.map((r) => Object.assign(r.location!, { serviceId: r.serviceId }));
  }

  /** Public offerings by id, with their service and provider visible. */
  async publicOfferings(given: readonly string[]): Promise<Offering[]> {
    const ids = given.filter(isUuid);
    if (!ids.length) return [];
    return this.m
      .createQueryBuilder(Offering, 'o')
      .innerJoin(ListedService, 's', 's.id = o.service_id AND s.withdrawn_at IS NULL AND s.hidden_at IS NULL')
      .innerJoin(ProviderProfile, 'p', 'p.organisation_id = o.organisation_id AND p.withdrawn_at IS NULL')
      .where('o.id IN (:...ids)', { ids })
      .andWhere('o.withdrawn_at IS NULL AND o.phb_exclusion IS NULL')
      .getMany();
  }

  publicServicesByIds(given: readonly string[]): Promise<ListedService[]> {
    const ids = given.filter(isUuid);
    if (!ids.length) return Promise.resolve([]);
    return this.m.find(ListedService, { where: { id: In([...ids]), withdrawnAt: IsNull(), hiddenAt: IsNull() } });
  }

  publicProvidersByIds(given: readonly string[]): Promise<ProviderProfile[]> {
    const ids = given.filter(isUuid);
    if (!ids.length) return Promise.resolve([]);
    return this.m.find(ProviderProfile, {
      where: { organisationId: In([...ids]), withdrawnAt: IsNull() },
      relations: { organisation: true },
    });
  }
}
