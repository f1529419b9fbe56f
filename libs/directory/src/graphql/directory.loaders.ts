import { byKeys, groupByKeys, requestLoader } from '@kinwell/kernel/graphql';
import { PublicDirectoryReads } from '../directory-lookup';
import { toLocation, toOffering, toProvider, toService } from './directory.mappers';
import { LocationModel, OfferingModel, ProviderModel, ServiceModel } from './directory.models';

export interface GraphqlContext {
  loaders?: Map<string, never>;
}

/** Per-request batched lookups for the public directory graph. */
export function directoryLoaders(context: GraphqlContext, repository: PublicDirectoryReads) {
  return {
    provider: requestLoader<string, ProviderModel | null>(context, 'directory.provider', async (ids) =>
      byKeys(ids, (await repository.publicProvidersByIds(ids)).map(toProvider), (p) => p.id),
    ),
    service: requestLoader<string, ServiceModel | null>(context, 'directory.service', async (ids) =>
      byKeys(ids, (await repository.publicServicesByIds(ids)).map(toService), (s) => s.id),
    ),
    servicesOfProvider: requestLoader<string, ServiceModel[]>(context, 'directory.servicesOfProvider', async (ids) =>
      groupByKeys(ids, (await repository.publicServicesOf(ids)).map(toService), (s) => s.providerId),
    ),
    offeringsOfService: requestLoader<string, OfferingModel[]>(context, 'directory.offeringsOfService', async (ids) =>
      groupByKeys(ids, (await repository.publicOfferingsOfServices(ids)).map(toOffering), (o) => o.serviceId),
    ),
    locationsOfService: requestLoader<string, Array<LocationModel & { serviceId: string }>>(
      context,
      'directory.locationsOfService',
      async (ids) =>
        groupByKeys(
          ids,
          (await repository.publicLocationsOfServices(ids)).map((l) => ({ ...toLocation(l), serviceId: l.serviceId })),
          (l) => l.serviceId,
        ),
    ),
    offering: requestLoader<string, OfferingModel | null>(context, 'directory.offering', async (ids) =>
      byKeys(ids, (await repository.publicOfferings(ids)).map(toOffering), (o) => o.id),
    ),
  };
}
