/** What the search engines index for one offering: denormalised from the live directory. */
export interface OfferingDocument {
  id: string;
  providerId: string;
  providerName: string;
  providerKind: string;
  /** Peer-led, user-led, or run by people with lived experience. */
  peerLed: boolean;
  serviceId: string;
  serviceName: string;
  name: string;
  description: string;
  categoryCode: string;
  communities: string[];
  languages: string[];
  interpreterAvailable: boolean;
  deliveryModes: string[];
  accessibility: string[];
  pricePence: number;
  priceUnit: string;
  /** Where the service is delivered in person; null for online-only or at-home services. */
  latitude: number | null;
  longitude: number | null;
  postcodeDistrict: string | null;
  updatedAt: string;
}
