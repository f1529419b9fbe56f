import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { MeilisearchSearchIndex } from './meilisearch-search-index';
import { PostgresSearchIndex } from './postgres-search-index';
import { SearchIndex, SearchQuery, SearchResult } from './search-index';

export const MEILISEARCH = Symbol('MEILISEARCH');

export interface SearchHealth {
  engine: string;
  status: 'up' | 'degraded';
  detail?: string;
}

/**
 * The configured engine (Meilisearch when MEILISEARCH_URL is set) with PostgreSQL
 * always kept up to date beside it, so search falls back to PostgreSQL when
 * Meilisearch is down.
 */
@Injectable()
export class SearchEngines {
  private readonly logger = new Logger(SearchEngines.name);

  constructor(
    readonly postgres: PostgresSearchIndex,
    @Optional() @Inject(MEILISEARCH) readonly meilisearch: MeilisearchSearchIndex | null,
  ) {}

  /** Every index that must receive document updates. */
  get writers(): SearchIndex[] {
    return this.meilisearch ? [this.postgres, this.meilisearch] : [this.postgres];
  }

  async search(query: SearchQuery): Promise<SearchResult & { engine: string }> {
    if (this.meilisearch) {
      try {
        return { ...(await this.meilisearch.search(query)), engine: this.meilisearch.engine };
      } catch (error) {
        this.logger.warn(`Meilisearch failed (${error instanceof Error ? error.message : String(error)}); answering from PostgreSQL`);
      }
    }
    return { ...(await this.postgres.search(query)), engine: this.postgres.engine };
  }

  async health(): Promise<SearchHealth> {
    if (!this.meilisearch) return { engine: 'postgres', status: 'up' };
    const up = await this.meilisearch.isHealthy().catch(() => false);
    return up
      ? { engine: 'meilisearch', status: 'up' }
      : { engine: 'meilisearch', status: 'degraded', detail: 'Meilisearch is unreachable; searching PostgreSQL instead' };
  }
}
