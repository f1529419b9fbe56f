import { Injectable, Logger } from '@nestjs/common';
import { OfferingDocumentsRepository } from './offering-documents.repository';
import { SearchEngines } from './search-engines';

/** Keeps the search indexes in step with the live directory. */
@Injectable()
export class SearchIndexer {
  private readonly logger = new Logger(SearchIndexer.name);

  constructor(
    private readonly documents: OfferingDocumentsRepository,
    private readonly engines: SearchEngines,
  ) {}

  async reindexProviders(providerIds: string[]): Promise<number> {
    const docs = await this.documents.forProviders(providerIds);
    for (const index of this.engines.writers) await index.replaceProviders(providerIds, docs);
    return docs.length;
  }

  /** Rebuilds every index from the live directory, provider by provider in batches. */
  async rebuild(batchSize = 200): Promise<number> {
    const providerIds = await this.documents.providerIds();
    for (const index of this.engines.writers) await index.clear();
    let total = 0;
    for (let i = 0; i < providerIds.length; i += batchSize) total += await this.reindexProviders(providerIds.slice(i, i + batchSize));
    this.logger.log(`Rebuilt the search indexes (${this.engines.writers.map((w) => w.engine).join(', ')}): ${total} offerings`);
    return total;
  }
}
