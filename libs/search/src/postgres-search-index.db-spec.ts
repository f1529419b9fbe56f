import { createTestDataSource } from '@kinwell/testing';
import { PostgresSearchIndex } from './postgres-search-index';
import { searchIndexContract } from './search-index.contract';

searchIndexContract('PostgresSearchIndex', async () => {
  const { dataSource, close } = await createTestDataSource();
  return { index: new PostgresSearchIndex(dataSource), close };
});
