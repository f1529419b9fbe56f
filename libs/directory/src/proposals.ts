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

/** Days as HSDS (iCalendar) writes them. */
export const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** One weekly opening: a day, from and to (HH:MM, UK time), and a note such as "women only". HSDS schedule. */
export interface ServiceSchedule {
  byDay: Weekday;
  opensAt: string;
  closesAt: string;
  note: string | null;
}

/** Someone to ask about the service. HSDS contact. */
export interface ServiceContact {
  name: string;
  title: string | null;
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
  /** When it runs; empty for "by arrangement". Proposals made before these were modelled lack them. */
  schedules?: ServiceSchedule[];
  /** The postcode districts it serves (HSDS service areas), such as E8; empty when it is not tied to an area. */
  serviceAreas?: string[];
  contacts?: ServiceContact[];
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
  /** Sold as fast-track; proposals from before the flag have none, read as false. */
  fastTrack?: boolean;
}
