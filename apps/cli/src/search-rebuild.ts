import { loadConfig } from '@kinwell/config';
import { TransactionHost } from '@kinwell/database';
import { MeilisearchSearchIndex, OfferingDocumentsRepository, PostgresSearchIndex, SearchEngines, SearchIndexer } from '@kinwell/search';
import { connectDatabase, withDataSource } from '@kinwell/platform';

/** npm run search:rebuild — refills every configured search index from the live directory. */
async function main(): Promise<void> {
  const config = loadConfig();
  const database = await connectDatabase(config, (m) => console.log(m));
  try {
    await withDataSource(database.url, async (dataSource) => {
      const meilisearch = config.search.meilisearch ? new MeilisearchSearchIndex(config.search.meilisearch, 30_000) : null;
      const indexer = new SearchIndexer(
        new OfferingDocumentsRepository(new TransactionHost(dataSource)),
        new SearchEngines(new PostgresSearchIndex(dataSource), meilisearch),
      );
      const started = Date.now();
      const count = await indexer.rebuild();
      console.log(
        `Indexed ${count} offerings into ${meilisearch ? 'PostgreSQL and Meilisearch' : 'PostgreSQL'} in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
      );
    });
  } finally {
    await database.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
