import { Injectable } from '@nestjs/common';
import {
  CATEGORIES,
  COMMUNITIES,
  DirectoryLookup,
  LANGUAGES,
  ListedService,
  Offering,
  ProviderProfile,
  Term,
  termName,
} from '@kinwell/directory';
import { FACET_NAMES, FacetName } from './search-index';
import { offsetCursor, SearchRequest, SearchService } from './search.service';

const LABELS: Partial<Record<FacetName, Term[]>> = { categories: CATEGORIES, communities: COMMUNITIES, languages: LANGUAGES };

/** A facet value's name in English: the vocabulary's where there is one, else the code in words. */
export const facetLabel = (facet: FacetName, value: string) => {
  const vocabulary = LABELS[facet];
  return vocabulary ? termName(vocabulary, value) : value.replace(/_/g, ' ').replace(/^\w/, (c) => c.toUpperCase());
};

export interface FoundOffering {
  cursor: string;
  offering: Offering;
  distanceKm: number | null;
}

export interface FoundPage {
  total: number;
  offset: number;
  limit: number;
  engine: string;
  results: FoundOffering[];
  facets: Record<FacetName, Array<{ value: string; count: number; label: string }>>;
}

/**
 * Directory search as people see it, for GraphQL and the pages alike: the engine's hits read back as live
 * offerings (one statement), with the facets named.
 */
@Injectable()
export class OfferingFinder {
  constructor(
    private readonly search: SearchService,
    private readonly directory: DirectoryLookup,
  ) {}

  async find(request: SearchRequest): Promise<FoundPage> {
    const page = await this.search.search(request);
    const offerings = new Map((await this.directory.publicOfferings(page.hits.map((h) => h.id))).map((o) => [o.id, o]));
    // An offering changed since it was indexed may have gone; the index catches up through the outbox.
    const results = page.hits.flatMap((hit, i) => {
      const offering = offerings.get(hit.id);
      return offering ? [{ cursor: offsetCursor(page.offset + i), offering, distanceKm: hit.distanceKm }] : [];
    });
    const facets = Object.fromEntries(
      FACET_NAMES.map((f) => [f, page.facets[f].map((c) => ({ ...c, label: facetLabel(f, c.value) }))]),
    ) as FoundPage['facets'];
    return { total: page.total, offset: page.offset, limit: page.limit, engine: page.engine, results, facets };
  }

  /** The services and providers of some offerings, for showing each with its provider, languages and peer-led mark. */
  async listingsOf(
    offerings: readonly Offering[],
  ): Promise<{ services: Map<string, ListedService>; providers: Map<string, ProviderProfile> }> {
    const [services, providers] = await Promise.all([
      this.directory.publicServicesByIds([...new Set(offerings.map((o) => o.serviceId))]),
      this.directory.publicProvidersByIds([...new Set(offerings.map((o) => o.organisationId))]),
    ]);
    return { services: new Map(services.map((s) => [s.id, s])), providers: new Map(providers.map((p) => [p.organisationId, p])) };
  }
}
