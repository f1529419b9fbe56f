import type { ServiceContact, ServiceSchedule } from '../proposals';
import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@kinwell/database';

export interface OrukServiceRow {
  id: string;
  organisation_id: string;
  name: string;
  description: string;
  url: string | null;
  email: string | null;
  languages: string[];
  interpreter_available: boolean;
  eligibility_description: string | null;
  minimum_age: number | null;
  maximum_age: number | null;
  schedules: ServiceSchedule[];
  service_areas: string[];
  contacts: ServiceContact[];
  last_confirmed_at: Date;
  last_modified: Date;
  org_name: string;
  org_description: string;
  org_website: string | null;
  org_email: string | null;
}

export interface OrukLocationRow {
  sal_id: string;
  service_id: string;
  id: string;
  organisation_id: string;
  name: string;
  address_line: string;
  town: string;
  postcode: string;
  latitude: number;
  longitude: number;
  accessibility: string[];
  distance_m?: number;
}

export interface OrukOfferingRow {
  id: string;
  service_id: string;
  name: string;
  price_pence: string;
  price_unit: string;
  category_code: string;
  updated_at: Date;
}

export interface OrukTermRow {
  id: string;
  code: string;
  name: string;
  description: string;
  taxonomy: string;
  parent_id: string | null;
}

export interface OrukOrganisationRow {
  id: string;
  name: string;
  description: string;
  website: string | null;
  email: string | null;
}

export interface ServiceListFilter {
  search?: string;
  taxonomyTermId?: string;
  organizationId?: string;
  modifiedAfter?: Date;
}

// Public means: live, not withdrawn, not hidden for being unconfirmed, from a live provider.
const PUBLIC_SERVICE = `s.withdrawn_at IS NULL AND s.hidden_at IS NULL AND p.withdrawn_at IS NULL`;
const SERVICE_COLUMNS = `s.id, s.organisation_id, s.name, s.description, s.url, s.email, s.languages, s.interpreter_available,
  s.eligibility_description, s.minimum_age, s.maximum_age, s.schedules, s.service_areas, s.contacts, s.last_confirmed_at,
  greatest(s.updated_at, p.updated_at, (SELECT max(o.updated_at) FROM offering o WHERE o.service_id = s.id)) AS last_modified,
  org.name AS org_name, p.description AS org_description, p.website AS org_website, p.email AS org_email`;
const SERVICE_FROM = `FROM service s JOIN provider_profile p ON p.organisation_id = s.organisation_id JOIN organisation org ON org.id = s.organisation_id`;

/** Reads the approved directory in the shape the Open Referral UK feed needs. */
@Injectable()
export class OrukRepository {
  constructor(private readonly tx: TransactionHost) {}

  async services(filter: ServiceListFilter, limit: number, offset: number): Promise<{ rows: OrukServiceRow[]; total: number }> {
    const params: unknown[] = [];
    const p = (v: unknown) => (params.push(v), `$${params.length}`);
    const where = [PUBLIC_SERVICE];
    if (filter.search) {
      const q = p(filter.search);
      where.push(
        `(lower(kinwell_unaccent(s.name || ' ' || s.description || ' ' || org.name)) LIKE '%' || lower(kinwell_unaccent(${q})) || '%' OR lower(kinwell_unaccent(${q})) <% lower(kinwell_unaccent(s.name || ' ' || org.name)))`,
      );
    }
    if (filter.taxonomyTermId) {
      where.push(`EXISTS (SELECT 1 FROM offering o JOIN taxonomy_term t ON t.code = o.category_code
                   WHERE o.service_id = s.id AND o.withdrawn_at IS NULL AND o.phb_exclusion IS NULL AND t.id = ${p(filter.taxonomyTermId)})`);
    }
    if (filter.organizationId) where.push(`s.organisation_id = ${p(filter.organizationId)}`);
    const inner = `SELECT ${SERVICE_COLUMNS} ${SERVICE_FROM} WHERE ${where.join(' AND ')}`;
    const modified = filter.modifiedAfter ? `WHERE x.last_modified >= ${p(filter.modifiedAfter)}` : '';
    const rows: Array<OrukServiceRow & { total: string }> = await this.tx.manager.query(
      `SELECT x.*, count(*) OVER () AS total FROM (${inner}) x ${modified} ORDER BY x.name, x.id LIMIT ${p(limit)} OFFSET ${p(offset)}`,
      params,
    );
    if (rows.length === 0 && offset > 0) {
      const [{ total }] = await this.tx.manager.query(`SELECT count(*) AS total FROM (${inner}) x ${modified}`, params.slice(0, -2));
      return { rows: [], total: Number(total) };
    }
    return { rows, total: rows.length ? Number(rows[0].total) : 0 };
  }

  async service(id: string): Promise<OrukServiceRow | null> {
    const [row] = await this.tx.manager.query(`SELECT ${SERVICE_COLUMNS} ${SERVICE_FROM} WHERE s.id = $1 AND ${PUBLIC_SERVICE}`, [id]);
    return row ?? null;
  }

  locationsOf(serviceIds: string[]): Promise<OrukLocationRow[]> {
    if (!serviceIds.length) return Promise.resolve([]);
    return this.tx.manager.query(
      `SELECT sal.id AS sal_id, sal.service_id, l.id, l.organisation_id, l.name, l.address_line, l.town, l.postcode, l.latitude, l.longitude, l.accessibility
         FROM service_at_location sal JOIN location l ON l.id = sal.location_id AND l.withdrawn_at IS NULL
        WHERE sal.service_id = ANY($1::uuid[]) ORDER BY l.name`,
      [serviceIds],
    );
  }

  offeringsOf(serviceIds: string[]): Promise<OrukOfferingRow[]> {
    if (!serviceIds.length) return Promise.resolve([]);
    return this.tx.manager.query(
      `SELECT id, service_id, name, price_pence, price_unit, category_code, updated_at FROM offering
        WHERE service_id = ANY($1::uuid[]) AND withdrawn_at IS NULL AND phb_exclusion IS NULL ORDER BY name`,
      [serviceIds],
    );
  }

  async terms(taxonomy: string | undefined, limit: number, offset: number): Promise<{ rows: OrukTermRow[]; total: number }> {
    const rows: Array<OrukTermRow & { total: string }> = await this.tx.manager.query(
      `SELECT id, code, name, description, taxonomy, parent_id, count(*) OVER () AS total FROM taxonomy_term
        WHERE ($1::text IS NULL OR taxonomy = $1) ORDER BY name LIMIT $2 OFFSET $3`,
      [taxonomy ?? null, limit, offset],
    );
    const [{ n }] = await this.tx.manager.query(`SELECT count(*) AS n FROM taxonomy_term WHERE ($1::text IS NULL OR taxonomy = $1)`, [
      taxonomy ?? null,
    ]);
    return { rows, total: Number(n) };
  }

  async term(id: string): Promise<OrukTermRow | null> {
    const [row] = await this.tx.manager.query('SELECT id, code, name, description, taxonomy, parent_id FROM taxonomy_term WHERE id = $1', [
      id,
    ]);
    return row ?? null;
  }

  /** Providers with at least one public service. */
  async organisations(limit: number, offset: number, id?: string): Promise<{ rows: OrukOrganisationRow[]; total: number }> {
    const rows: Array<OrukOrganisationRow & { total: string }> = await this.tx.manager.query(
      `SELECT org.id, org.name, p.description, p.website, p.email, count(*) OVER () AS total
         FROM organisation org JOIN provider_profile p ON p.organisation_id = org.id
        WHERE p.withdrawn_at IS NULL AND ($3::uuid IS NULL OR org.id = $3)
          AND EXISTS (SELECT 1 FROM service s WHERE s.organisation_id = org.id AND s.withdrawn_at IS NULL AND s.hidden_at IS NULL)
        ORDER BY org.name, org.id LIMIT $1 OFFSET $2`,
      [limit, offset, id ?? null],
    );
    if (rows.length === 0 && offset > 0) return { rows: [], total: (await this.organisations(1, 0, id)).total };
    return { rows, total: rows.length ? Number(rows[0].total) : 0 };
  }

  allTerms(): Promise<OrukTermRow[]> {
    return this.tx.manager.query('SELECT id, code, name, description, taxonomy, parent_id FROM taxonomy_term');
  }

  async serviceAtLocations(
    near: { latitude: number; longitude: number; metres: number } | null,
    limit: number,
    offset: number,
    id?: string,
  ): Promise<{ rows: OrukLocationRow[]; total: number }> {
    const params: unknown[] = [limit, offset];
    let distance = 'NULL::float8';
    let where = '';
    if (id) {
      params.push(id);
      where = `AND sal.id = $${params.length}`;
    }
    if (near) {
      params.push(near.latitude, near.longitude, near.metres);
      const [lat, lon, metres] = [params.length - 2, params.length - 1, params.length].map((n) => `$${n}`);
      distance = `earth_distance(ll_to_earth(${lat}, ${lon}), ll_to_earth(l.latitude, l.longitude))`;
      where += ` AND earth_box(ll_to_earth(${lat}, ${lon}), ${metres}) @> ll_to_earth(l.latitude, l.longitude) AND ${distance} <= ${metres}`;
    }
    const rows: Array<OrukLocationRow & { total: string }> = await this.tx.manager.query(
      `SELECT sal.id AS sal_id, sal.service_id, l.id, l.organisation_id, l.name, l.address_line, l.town, l.postcode, l.latitude, l.longitude, l.accessibility,
              ${distance} AS distance_m, count(*) OVER () AS total
         FROM service_at_location sal
         JOIN location l ON l.id = sal.location_id AND l.withdrawn_at IS NULL
         JOIN service s ON s.id = sal.service_id
         JOIN provider_profile p ON p.organisation_id = s.organisation_id
        WHERE ${PUBLIC_SERVICE} ${where}
        ORDER BY distance_m NULLS LAST, l.name, sal.id LIMIT $1 OFFSET $2`,
      params,
    );
    return { rows, total: rows.length ? Number(rows[0].total) : 0 };
  }
}
