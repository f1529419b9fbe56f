import { DeliveryMode, OfferingKind, PaymentMethod, PhbExclusion, PriceUnit, ProviderKind } from './vocabulary';

/** What provider staff propose for each kind of listing; stored as the change's `proposed` JSON. */
export interface ProviderProposal {
  description: string;
  providerKind: ProviderKind;
  livedExperienceLed: boolean;
  paymentMethods: PaymentMethod[];
  website: string | null;
  email: string | null;
  phone: string | null;
}

export interface ServiceProposal {
  name: string;
  description: string;
  url: string | null;
  email: string | null;
  deliveryModes: DeliveryMode[];
  languages: string[];
  interpreterAvailable: boolean;
  communities: string[];
  eligibilityDescription: string | null;
  minimumAge: number | null;
  maximumAge: number | null;
  locationIds: string[];
}

export interface LocationProposal {
  name: string;
  addressLine: string;
  town: string;
  postcode: string;
  latitude: number;
  longitude: number;
  accessibility: string[];
}

export interface OfferingProposal {
  serviceId: string;
  name: string;
  description: string;
  kind: OfferingKind;
  pricePence: number;
  priceUnit: PriceUnit;
  categoryCode: string;
  available: boolean;
  availabilityNote: string | null;
  phbExclusion: PhbExclusion | null;
}
