import { Injectable, OnModuleInit } from '@nestjs/common';
import { OutboxRelay } from '@kinwell/database';
import { PROVIDER_CHANGED } from '@kinwell/directory';
import { SearchIndexer } from '@kinwell/search';

/** Re-indexes a provider's offerings whenever its live listings change. */
@Injectable()
export class SearchIndexJob implements OnModuleInit {
  constructor(
    private readonly relay: OutboxRelay,
    private readonly indexer: SearchIndexer,
  ) {}

  onModuleInit(): void {
    this.relay.on(PROVIDER_CHANGED, async (event) => {
      await this.indexer.reindexProviders([String(event.payload.providerId)]);
    });
  }
}
