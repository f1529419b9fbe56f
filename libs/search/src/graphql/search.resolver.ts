import { Args, Context, Int, Query, Resolver } from '@nestjs/graphql';
import { Public, RequestThrottle, RequestWithPrincipal } from '@kinwell/identity';
import { GraphqlContext, toOffering } from '@kinwell/directory/graphql';
import { OfferingFinder } from '../offering-finder';
import { OfferingFacets, OfferingOrder, OfferingSearchConnection } from './search.models';
import { OfferingSearchFilter } from './search.inputs';

@Resolver()
export class SearchResolver {
  constructor(
    private readonly finder: OfferingFinder,
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
    const page = await this.finder.find({
      text: query,
      filter: filter ?? {},
      sort: orderBy,
      first,
      after,
      source: 'graphql',
      recordDemand,
    });
    const edges = page.results.map((r) => ({ cursor: r.cursor, node: toOffering(r.offering), distanceKm: r.distanceKm }));
    const facets = page.facets as unknown as OfferingFacets;
    return {
      totalCount: page.total,
      edges,
      facets,
      engine: page.engine,
      pageInfo: {
        hasNextPage: page.offset + page.limit < page.total,
        hasPreviousPage: page.offset > 0,
        startCursor: edges[0]?.cursor ?? null,
        endCursor: edges.at(-1)?.cursor ?? null,
      },
    };
  }
}
