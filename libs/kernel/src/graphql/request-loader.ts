import DataLoader from 'dataloader';

interface LoaderContext {
  loaders?: Map<string, DataLoader<unknown, unknown>>;
}

/**
 * One DataLoader per name per request, kept on the GraphQL context: batches the
 * lookups a page of results makes (no N+1) and never caches across requests.
 */
export function requestLoader<K, V>(
  context: LoaderContext,
  name: string,
  batch: (keys: readonly K[]) => Promise<Array<V | Error>>,
): DataLoader<K, V> {
  context.loaders ??= new Map();
  let loader = context.loaders.get(name) as DataLoader<K, V> | undefined;
  if (!loader) {
    loader = new DataLoader<K, V>(batch);
    context.loaders.set(name, loader);
  }
  return loader;
}

/** Groups rows by key, in the order of the keys, for one-to-many loaders. */
export function groupByKeys<K, V>(keys: readonly K[], rows: V[], keyOf: (row: V) => K): V[][] {
  const groups = new Map<K, V[]>();
  for (const row of rows) {
    const k = keyOf(row);
    groups.set(k, [...(groups.get(k) ?? []), row]);
  }
  return keys.map((k) => groups.get(k) ?? []);
}

/** Picks one row per key, in the order of the keys (null where missing). */
export function byKeys<K, V>(keys: readonly K[], rows: V[], keyOf: (row: V) => K): Array<V | null> {
  const map = new Map(rows.map((r) => [keyOf(r), r]));
  return keys.map((k) => map.get(k) ?? null);
}
