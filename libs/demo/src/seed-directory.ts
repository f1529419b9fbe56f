import { OutboxEvent } from '@kinwell/database';
import {
  DeliveryMode,
  ListedLocation,
  ListedService,
  ListingChange,
  ListingChangeStatus,
  ListingOperation,
  ListingSubject,
  Offering,
  OfferingKind,
  PostcodeDistrict,
  PriceUnit,
  PROVIDER_CHANGED,
  ProviderProfile,
  postcodeDistrict,
  WEEKDAYS,
} from '@kinwell/directory';
import { Money, newId } from '@kinwell/kernel';
import { EntityManager } from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { DEMO_DIRECTORY } from './demo-directory';

/** Seeds the live directory for the demo providers; returns how many offerings it listed. */
export async function seedDemoDirectory(
  manager: EntityManager,
  organisationIds: Map<string, string>,
  providerStaffUserId: string,
): Promise<number> {
  const now = new Date();
  let offerings = 0;
  for (const [i, listing] of DEMO_DIRECTORY.entries()) {
    const providerId = organisationIds.get(listing.key)!;
    await manager.insert(ProviderProfile, {
      organisationId: providerId,
      description: listing.description,
      providerKind: listing.kind,
      livedExperienceLed: listing.livedExperienceLed,
      paymentMethods: listing.payment,
      website: null,
      email: null,
      phone: null,
      withdrawnAt: null,
    });
    const district = postcodeDistrict(listing.location.postcode)!;
    const centre = await manager.findOneByOrFail(PostcodeDistrict, { code: district });
    const locationId = newId();
    // Spread venues a little around their district's centre.
    const jitter = ((i % 5) - 2) * 0.0012;
    await manager.insert(ListedLocation, {
      id: locationId,
      organisationId: providerId,
      name: listing.location.name,
      addressLine: listing.location.addressLine,
      town: 'London',
      postcode: listing.location.postcode,
      postcodeDistrict: district,
      latitude: centre.latitude + jitter,
      longitude: centre.longitude - jitter,
      accessibility: listing.location.accessibility,
      withdrawnAt: null,
    });
    const serviceId = newId();
    const service: QueryDeepPartialEntity<ListedService> = {
      id: serviceId,
      organisationId: providerId,
      name: listing.service.name,
      description: listing.service.description,
      url: null,
      email: null,
      deliveryModes: listing.service.delivery,
      languages: listing.service.languages,
      interpreterAvailable: listing.service.interpreter,
      communities: listing.service.communities,
      eligibilityDescription: 'Adults with a personal health budget for their mental health.',
      minimumAge: 18,
      maximumAge: null,
      // Openings, the districts around the venue, and someone to ask: the open feed publishes them.
      schedules: [
        { byDay: WEEKDAYS[i % 5], opensAt: '10:00', closesAt: '12:30', note: null },
        { byDay: WEEKDAYS[(i + 2) % 5], opensAt: '18:00', closesAt: '20:00', note: 'Evening session' },
      ],
      serviceAreas: [district],
      contacts: [{ name: 'Bookings', title: null, email: null, phone: '020 7946 0' + String(200 + i).padStart(3, '0') }],
      lastConfirmedAt: now,
      staleFlaggedAt: null,
      hiddenAt: null,
      withdrawnAt: null,
    };
    await manager.insert(ListedService, service);
    await manager.query('INSERT INTO service_at_location (id, service_id, location_id) VALUES (gen_random_uuid(), $1, $2)', [
      serviceId,
      locationId,
    ]);
    if (listing.online) {
      await manager.insert(ListedService, {
        ...service,
        id: newId(),
        name: listing.online.name,
        description: listing.online.description,
        deliveryModes: [DeliveryMode.Online],
      });
    }
    for (const template of listing.offerings) {
      const variants = [{ name: template.name, pence: template.pricePence, unit: template.unit, kind: template.kind }];
      if (template.blocks) {
        for (const n of [3, 6, 10, 12]) {
          // Providers give a little off for a block booked up front.
          variants.push({
            name: `${template.name}: block of ${n}`,
            pence: Money.ofPence(template.pricePence).multiply(n).allocate([9, 1])[0].pence,
            unit: PriceUnit.OneOff,
            kind: OfferingKind.SessionBlock,
          });
        }
      }
      for (const v of variants) {
        await manager.insert(Offering, {
          id: newId(),
          serviceId,
          organisationId: providerId,
          name: v.name,
          description: template.description,
          kind: v.kind,
          price: Money.ofPence(v.pence),
          priceUnit: v.unit,
          categoryCode: template.category,
          available: true,
          availabilityNote: null,
          phbExclusion: template.exclusion ?? null,
          fastTrack: !!template.fastTrack && v.name === template.name,
          withdrawnAt: null,
        });
        offerings++;
      }
    }
    await manager.insert(OutboxEvent, { topic: PROVIDER_CHANGED, payload: { providerId } });
  }

  // Two proposals waiting in the moderation queue, so moderators have something to decide.
  const urdu = organisationIds.get('provider-4')!;
  const urduService = await manager.findOneByOrFail(ListedService, { organisationId: urdu, name: 'Urdu and Punjabi counselling' });
  await manager.insert(ListingChange, {
    organisationId: urdu,
    subjectType: ListingSubject.Offering,
    subjectId: newId(),
    operation: ListingOperation.Create,
    version: 1,
    proposed: {
      serviceId: urduService.id,
      name: 'Couples counselling in Urdu',
      description: 'Counselling for couples, in Urdu or English.',
      kind: OfferingKind.SessionBlock,
      pricePence: 6000,
      priceUnit: PriceUnit.PerSession,
      categoryCode: 'talking-and-complementary-therapies',
      available: true,
      availabilityNote: null,
      phbExclusion: null,
    },
    status: ListingChangeStatus.Pending,
    submittedBy: providerStaffUserId,
    submittedAt: now,
    decidedBy: null,
    decidedAt: null,
    decisionReason: null,
  } as unknown as QueryDeepPartialEntity<ListingChange>);
  return offerings;
}
