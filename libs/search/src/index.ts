import { OfferingSearchRow, SearchVocabularyWord } from './offering-search.entity';
import { SearchDemand } from './search-demand.entity';

export * from './offering-document';
export * from './search-index';
export * from './postgres-search-index';
export * from './meilisearch-search-index';
export * from './search-engines';
export * from './offering-documents.repository';
export * from './search-indexer';
export * from './search.service';
export * from './search.module';
export * from './search-demand.entity';
export * from './offering-search.entity';

export const SEARCH_ENTITIES = [OfferingSearchRow, SearchVocabularyWord, SearchDemand];
