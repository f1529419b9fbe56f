import { MoneyModel } from '@kinwell/kernel/graphql';
import { ListedLocation, ListedService, ListingChange, Offering, ProviderProfile } from '../directory.entities';
import { ACCESSIBILITY, CATEGORIES, COMMUNITIES, LANGUAGES, Term, termName } from '../vocabulary';
import { ListingChangeModel, LocationModel, OfferingModel, ProviderModel, ServiceModel, TermModel } from './directory.models';

const terms = (vocabulary: Term[], codes: string[]): TermModel[] => codes.map((code) => ({ code, name: termName(vocabulary, code) }));

export function toProvider(p: ProviderProfile): ProviderModel {
  return {
    id: p.organisationId,
    name: p.organisation?.name ?? '',
    description: p.description,
    kind: p.providerKind,
    livedExperienceLed: p.livedExperienceLed,
    paymentMethods: p.paymentMethods,
    website: p.website,
    email: p.email,
    phone: p.phone,
  };
}

export function toService(s: ListedService): ServiceModel {
  return {
    id: s.id,
    providerId: s.organisationId,
    name: s.name,
    description: s.description,
    url: s.url,
    email: s.email,
    deliveryModes: s.deliveryModes,
    languages: terms(LANGUAGES, s.languages),
    interpreterAvailable: s.interpreterAvailable,
    communities: terms(COMMUNITIES, s.communities),
    eligibilityDescription: s.eligibilityDescription,
    minimumAge: s.minimumAge,
    maximumAge: s.maximumAge,
    lastConfirmedAt: s.lastConfirmedAt,
    schedules: s.schedules ?? [],
    serviceAreas: s.serviceAreas ?? [],
    contacts: s.contacts ?? [],
  };
}

export function toLocation(l: ListedLocation): LocationModel {
  return {
    id: l.id,
    name: l.name,
    addressLine: l.addressLine,
    town: l.town,
    postcode: l.postcode,
    latitude: l.latitude,
    longitude: l.longitude,
    accessibility: terms(ACCESSIBILITY, l.accessibility),
  };
}

export function toOffering(o: Offering): OfferingModel {
  return {
    id: o.id,
    serviceId: o.serviceId,
    providerId: o.organisationId,
    name: o.name,
    description: o.description,
    kind: o.kind,
    price: MoneyModel.from(o.price),
    priceUnit: o.priceUnit,
    category: { code: o.categoryCode, name: termName(CATEGORIES, o.categoryCode) },
    available: o.available,
    availabilityNote: o.availabilityNote,
    fastTrack: o.fastTrack,
  };
}

export function toListingChange(c: ListingChange): ListingChangeModel {
  return {
    id: c.id,
    providerId: c.organisationId,
    subjectType: c.subjectType,
    subjectId: c.subjectId,
    operation: c.operation,
    version: c.version,
    proposedJson: JSON.stringify(c.proposed),
    status: c.status,
    submittedAt: c.submittedAt,
    decidedAt: c.decidedAt,
    decisionReason: c.decisionReason,
  };
}
