import { OfferingDocument } from './offering-document';

export type SearchSort = 'relevance' | 'price' | 'distance';

export interface SearchFilter {
  categories?: string[];
  communities?: string[];
  languages?: string[];
  providerKinds?: string[];
  peerLed?: boolean;
  deliveryModes?: string[];
  accessibility?: string[];
  maxPricePence?: number;
  near?: { latitude: number; longitude: number; radiusKm: number };
}

export interface SearchQuery {
  text?: string;
  filter: SearchFilter;
  sort: SearchSort;
  limit: number;
  offset: number;
}

export interface SearchHit {
  id: string;
  score: number | null;
  distanceKm: number | null;
}

export type FacetName = 'categories' | 'communities' | 'languages' | 'providerKinds' | 'deliveryModes';
export const FACET_NAMES: FacetName[] = ['categories', 'communities', 'languages', 'providerKinds', 'deliveryModes'];

export interface SearchResult {
  hits: SearchHit[];
  total: number;
  facets: Record<FacetName, Array<{ value: string; count: number }>>;
}

/**
 * The port every search engine implements; the shared contract suite
 * (search-index.contract.ts) runs against each adapter.
 */
export abstract class SearchIndex {
  abstract readonly engine: string;
  /** Replaces every document of these providers with `documents` (which may be empty). */
  abstract replaceProviders(providerIds: string[], documents: OfferingDocument[]): Promise<void>;
  abstract search(query: SearchQuery): Promise<SearchResult>;
  /** Removes everything (before a rebuild). */
  abstract clear(): Promise<void>;
  abstract isHealthy(): Promise<boolean>;
}
