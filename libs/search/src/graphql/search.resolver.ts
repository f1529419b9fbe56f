import { Args, Context, Int, Query, Resolver } from '@nestjs/graphql';
import { Public, RequestThrottle, RequestWithPrincipal } from '@kinwell/identity';
import { CATEGORIES, COMMUNITIES, DirectoryLookup, LANGUAGES, Term, termName } from '@kinwell/directory';
import { directoryLoaders, GraphqlContext } from '@kinwell/directory/graphql';
import { FACET_NAMES, FacetName } from '../search-index';
import { offsetCursor, SearchService } from '../search.service';
import { OfferingFacets, OfferingOrder, OfferingSearchConnection } from './search.models';
import { OfferingSearchFilter } from './search.inputs';

const LABELS: Partial<Record<FacetName, Term[]>> = { categories: CATEGORIES, communities: COMMUNITIES, languages: LANGUAGES };
const label = (facet: FacetName, value: string) => {
  const vocabulary = LABELS[facet];
  return vocabulary ? termName(vocabulary, value) : value.replace(/_/g, ' ').replace(/^\w/, (c) => c.toUpperCase());
};

@Resolver()
export class SearchResolver {
  constructor(
    private readonly search: SearchService,
    private readonly directory: DirectoryLookup,
    private readonly throttle: RequestThrottle,
  ) {}

  @Public()
  @Query(() => OfferingSearchConnection, {
    description: 'Search the approved directory: free text (typos and accents tolerated), filters, distance, facets',
  })
  async searchOfferings(
    @Context() ctx: GraphqlContext & { req: RequestWithPrincipal },
    @Args('query', { type: () => String, nullable: true }) query?: string,
    @Args('filter', { type: () => OfferingSearchFilter, nullable: true }) filter?: OfferingSearchFilter,
    @Args('orderBy', { type: () => OfferingOrder, nullable: true, defaultValue: OfferingOrder.Relevance }) orderBy?: OfferingOrder,
    @Args('first', { type: () => Int, nullable: true, defaultValue: 20 }) first?: number,
    @Args('after', { type: () => String, nullable: true }) after?: string,
  ): Promise<OfferingSearchConnection> {
    const recordDemand = await this.throttle.mayRecordDemand(ctx.req);
    const page = await this.search.search({
      text: query,
      filter: filter ?? {},
      sort: orderBy,
      first,
      after,
      source: 'graphql',
      recordDemand,
    });
    const offerings = await directoryLoaders(ctx, this.directory).offering.loadMany(page.hits.map((h) => h.id));
    // An offering changed since it was indexed may have gone; the index catches up through the outbox.
    const edges = page.hits.flatMap((hit, i) => {
      const node = offerings[i];
      return node && !(node instanceof Error) ? [{ cursor: offsetCursor(page.offset + i), node: node, distanceKm: hit.distanceKm }] : [];
    });
    const facets = Object.fromEntries(
      FACET_NAMES.map((f) => [f, page.facets[f].map((c) => ({ ...c, label: label(f, c.value) }))]),
    ) as unknown as OfferingFacets;
    return {
      totalCount: page.total,
      edges,
      facets,
      engine: page.engine,
      pageInfo: {
        hasNextPage: page.offset + page.hits.length < page.total,
        hasPreviousPage: page.offset > 0,
        startCursor: edges[0]?.cursor ?? null,
        endCursor: edges.at(-1)?.cursor ?? null,
      },
    };
  }
}
