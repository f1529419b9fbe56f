import { Module } from '@nestjs/common';
import { DirectoryModule } from '@kinwell/directory';
import { AppConfig } from '@kinwell/config';
import { MeilisearchSearchIndex } from './meilisearch-search-index';
import { OfferingDocumentsRepository } from './offering-documents.repository';
import { PostgresSearchIndex } from './postgres-search-index';
import { MEILISEARCH, SearchEngines } from './search-engines';
import { SearchIndexer } from './search-indexer';
import { SearchService } from './search.service';
import { OfferingFinder } from './offering-finder';

@Module({
  imports: [DirectoryModule],
  providers: [
    OfferingFinder,
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
  exports: [SearchEngines, SearchIndexer, SearchService, OfferingFinder],
})
export class SearchModule {}
