import { ListedLocation, ServiceAtLocation } from './listed-location.entity';
import { ListedService } from './listed-service.entity';
import { ListingChange } from './listing-change.entity';
import { Offering } from './offering.entity';
import { ProviderProfile } from './provider-profile.entity';
import { PostcodeDistrict, TaxonomyTerm } from './taxonomy-term.entity';

export * from './vocabulary';
export * from './proposals';
export * from './provider-profile.entity';
export * from './listed-service.entity';
export * from './listed-location.entity';
export * from './offering.entity';
export * from './taxonomy-term.entity';
export * from './listing-change.entity';
export * from './directory.errors';
export * from './directory.repository';
export * from './directory.service';
export * from './directory.module';
export * from './oruk/oruk.service';

export const DIRECTORY_ENTITIES = [
  ProviderProfile,
  ListedService,
  ListedLocation,
  ServiceAtLocation,
  Offering,
  TaxonomyTerm,
  PostcodeDistrict,
  ListingChange,
];
