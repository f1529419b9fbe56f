import { OfferingSearchRow, SearchDemand, SearchVocabularyWord } from './search.entities';

export * from './offering-document';
export * from './search-index';
export * from './postgres-search-index';
export * from './meilisearch-search-index';
export * from './search-engines';
export * from './offering-documents.repository';
export * from './search-indexer';
export * from './search.service';
export * from './offering-finder';
export * from './search.module';
export * from './search.entities';

export const SEARCH_ENTITIES = [OfferingSearchRow, SearchVocabularyWord, SearchDemand];
