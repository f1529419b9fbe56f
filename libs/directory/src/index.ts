import {
  ListedLocation,
  ListedService,
  ListingChange,
  Offering,
  PostcodeDistrict,
  ProviderProfile,
  ServiceAtLocation,
  TaxonomyTerm,
} from './directory.entities';

export * from './vocabulary';
export * from './proposals';
export * from './directory.entities';
export * from './directory.errors';
export * from './directory.repository';
export * from './directory-lookup';
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
export * from './provider-workspace';
