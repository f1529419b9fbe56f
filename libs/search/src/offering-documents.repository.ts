import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@kinwell/database';
import { OfferingDocument } from './offering-document';

const DOCUMENT_SQL = `
SELECT o.id, o.organisation_id AS "providerId", org.name AS "providerName", p.provider_kind::text AS "providerKind",
       (p.lived_experience_led OR p.provider_kind IN ('peer_led', 'user_led')) AS "peerLed",
       s.id AS "serviceId", s.name AS "serviceName", o.name, o.description, o.category_code AS "categoryCode",
       s.communities, s.languages, s.interpreter_available AS "interpreterAvailable", s.delivery_modes AS "deliveryModes",
       coalesce((SELECT array_agg(DISTINCT a ORDER BY a) FROM service_at_location sal
                   JOIN location l ON l.id = sal.location_id AND l.withdrawn_at IS NULL, unnest(l.accessibility) a
                  WHERE sal.service_id = s.id), '{}') AS accessibility,
       o.price_pence::float8 AS "pricePence", o.price_unit::text AS "priceUnit",
       loc.latitude, loc.longitude, loc.postcode_district AS "postcodeDistrict",
       greatest(o.updated_at, s.updated_at, p.updated_at) AS "updatedAt"
  FROM offering o
  JOIN service s ON s.id = o.service_id AND s.withdrawn_at IS NULL AND s.hidden_at IS NULL
  JOIN provider_profile p ON p.organisation_id = o.organisation_id AND p.withdrawn_at IS NULL
  JOIN organisation org ON org.id = o.organisation_id
  LEFT JOIN LATERAL (
    SELECT l.latitude, l.longitude, l.postcode_district FROM service_at_location sal
      JOIN location l ON l.id = sal.location_id AND l.withdrawn_at IS NULL
     WHERE sal.service_id = s.id ORDER BY l.name, l.id LIMIT 1) loc ON true
 WHERE o.withdrawn_at IS NULL AND o.phb_exclusion IS NULL AND o.available`;

/** Reads the public, purchasable offerings as search documents. */
@Injectable()
export class OfferingDocumentsRepository {
  constructor(private readonly tx: TransactionHost) {}

  async forProviders(providerIds: string[]): Promise<OfferingDocument[]> {
    if (!providerIds.length) return [];
    return this.map(await this.tx.manager.query(`${DOCUMENT_SQL} AND o.organisation_id = ANY($1::uuid[])`, [providerIds]));
  }

  async providerIds(): Promise<string[]> {
    const rows: Array<{ organisation_id: string }> = await this.tx.manager.query(
      'SELECT organisation_id FROM provider_profile ORDER BY organisation_id',
    );
    return rows.map((r) => r.organisation_id);
  }

  private map(rows: Array<OfferingDocument & { updatedAt: Date | string }>): OfferingDocument[] {
    return rows.map((r) => ({ ...r, pricePence: Number(r.pricePence), updatedAt: new Date(r.updatedAt).toISOString() }));
  }
}
