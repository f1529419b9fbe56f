import { Injectable } from '@nestjs/common';
import { AsyncLocalStorage } from 'node:async_hooks';
import { DataSource, EntityManager } from 'typeorm';
import { IsolationLevel } from 'typeorm/driver/types/IsolationLevel';

interface TransactionContext {
  manager: EntityManager;
  afterCommit: Array<() => void | Promise<void>>;
}

/**
 * One transaction per use case: services wrap their work in `run`, and every
 * repository reads `manager`, so they all join the same transaction without
 * passing it around.
 */
@Injectable()
export class TransactionHost {
  private readonly storage = new AsyncLocalStorage<TransactionContext>();

  constructor(readonly dataSource: DataSource) {}

  get manager(): EntityManager {
    return this.storage.getStore()?.manager ?? this.dataSource.manager;
  }

  get inTransaction(): boolean {
    return this.storage.getStore() !== undefined;
  }

  async run<T>(work: (manager: EntityManager) => Promise<T>, isolation: IsolationLevel = 'READ COMMITTED'): Promise<T> {
    const current = this.storage.getStore();
    if (current) return work(current.manager);
    const context: TransactionContext = { manager: this.dataSource.manager, afterCommit: [] };
    const result = await this.dataSource.transaction(isolation, (manager) => {
      context.manager = manager;
      return this.storage.run(context, () => work(manager));
    });
    for (const callback of context.afterCommit) await callback();
    return result;
  }

  /** Runs after the surrounding transaction commits (at once if there is none); never on rollback. */
  afterCommit(callback: () => void | Promise<void>): void {
    const current = this.storage.getStore();
    if (current) current.afterCommit.push(callback);
    else void callback();
  }
}
