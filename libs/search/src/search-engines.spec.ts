import { MeilisearchSearchIndex } from './meilisearch-search-index';
import { PostgresSearchIndex } from './postgres-search-index';
import { SearchQuery, SearchResult } from './search-index';
import { SearchEngines } from './search-engines';

const query: SearchQuery = { text: 'yoga', filter: {}, sort: 'relevance', limit: 5, offset: 0 };
const empty: SearchResult = {
  hits: [],
  total: 0,
  facets: { categories: [], communities: [], languages: [], providerKinds: [], deliveryModes: [] },
};

describe('SearchEngines', () => {
  const postgres = {
    engine: 'postgres',
    search: jest.fn(async () => empty),
    isHealthy: jest.fn(async () => true),
  } as unknown as PostgresSearchIndex;

  it('searches PostgreSQL alone when Meilisearch is not configured, and writes only there', async () => {
    const sut = new SearchEngines(postgres, null);
    expect((await sut.search(query)).engine).toBe('postgres');
    expect(sut.writers).toEqual([postgres]);
    expect(await sut.health()).toEqual({ engine: 'postgres', status: 'up' });
  });

  it('prefers Meilisearch, and answers from PostgreSQL (reporting degraded) when it is down', async () => {
    const meili = {
      engine: 'meilisearch',
      search: jest.fn(async () => empty),
      isHealthy: jest.fn(async () => true),
    } as unknown as MeilisearchSearchIndex;
    const sut = new SearchEngines(postgres, meili);
    expect((await sut.search(query)).engine).toBe('meilisearch');
    expect(sut.writers).toEqual([postgres, meili]);

    (meili.search as jest.Mock).mockRejectedValue(new Error('connect ECONNREFUSED'));
    (meili.isHealthy as jest.Mock).mockRejectedValue(new Error('connect ECONNREFUSED'));
    expect((await sut.search(query)).engine).toBe('postgres');
    expect(await sut.health()).toMatchObject({ engine: 'meilisearch', status: 'degraded' });
  });
});
