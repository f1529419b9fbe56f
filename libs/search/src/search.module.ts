import { Module } from '@nestjs/common';
import { AppConfig } from '@kinwell/config';
import { MeilisearchSearchIndex } from './meilisearch-search-index';
import { OfferingDocumentsRepository } from './offering-documents.repository';
import { PostgresSearchIndex } from './postgres-search-index';
import { MEILISEARCH, SearchEngines } from './search-engines';
import { SearchIndexer } from './search-indexer';
import { SearchService } from './search.service';

@Module({
  providers: [
    PostgresSearchIndex,
    {
      provide: MEILISEARCH,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => (config.search.meilisearch ? new MeilisearchSearchIndex(config.search.meilisearch) : null),
    },
    SearchEngines,
    OfferingDocumentsRepository,
    SearchIndexer,
    SearchService,
  ],
  exports: [SearchEngines, SearchIndexer, SearchService],
})
export class SearchModule {}
