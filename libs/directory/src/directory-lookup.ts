import { Injectable } from '@nestjs/common';
import { ListedLocation, ListedService, Offering, ProviderProfile } from './directory.entities';
import { DirectoryRepository } from './directory.repository';

/** The public reads, as the directory's loaders use them from the repository or through the lookup. */
export type PublicDirectoryReads = Pick<
  DirectoryRepository,
  | 'publicOfferings'
  | 'publicProvidersByIds'
  | 'publicServicesByIds'
  | 'publicServicesOf'
  | 'publicOfferingsOfServices'
  | 'publicLocationsOfServices'
>;

/** What other contexts may read of the directory: only what is public. Not the repository. */
@Injectable()
export class DirectoryLookup implements PublicDirectoryReads {
  constructor(private readonly repository: DirectoryRepository) {}

  publicOfferings(ids: readonly string[]): Promise<Offering[]> {
    return this.repository.publicOfferings(ids);
  }

  publicProvidersByIds(ids: readonly string[]): Promise<ProviderProfile[]> {
    return this.repository.publicProvidersByIds(ids);
  }

  publicServicesByIds(ids: readonly string[]): Promise<ListedService[]> {
    return this.repository.publicServicesByIds(ids);
  }

  publicServicesOf(organisationIds: readonly string[]): Promise<ListedService[]> {
    return this.repository.publicServicesOf(organisationIds);
  }

  publicOfferingsOfServices(serviceIds: readonly string[]): Promise<Offering[]> {
    return this.repository.publicOfferingsOfServices(serviceIds);
  }

  publicLocationsOfServices(serviceIds: readonly string[]): Promise<Array<ListedLocation & { serviceId: string }>> {
    return this.repository.publicLocationsOfServices(serviceIds);
  }
}
