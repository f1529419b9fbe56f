import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@kinwell/database';
import { Organisation, OrganisationKind } from '@kinwell/identity';
import { In } from 'typeorm';
import { AreaInformation, BudgetRequest } from './plans.entities';

@Injectable()
export class IntakeRepository {
  constructor(private readonly tx: TransactionHost) {}

  private get m() {
    return this.tx.manager;
  }

  areas(): Promise<Organisation[]> {
    return this.m.find(Organisation, { where: { kind: OrganisationKind.Commissioner }, order: { name: 'ASC' } });
  }

  areaInformation(commissionerId: string, languages: string[]): Promise<AreaInformation[]> {
    return this.m.find(AreaInformation, { where: { commissionerId, language: In(languages) } });
  }

  async upsertAreaInformation(row: Omit<AreaInformation, 'id'>): Promise<void> {
    await this.m.upsert(AreaInformation, row, ['commissionerId', 'topic', 'language']);
  }

  /** Inserts unless the reference is taken; false when it was. */
  async insertRequest(row: Omit<BudgetRequest, 'id' | 'createdAt'>): Promise<BudgetRequest | null> {
    const inserted = await this.m.createQueryBuilder().insert().into(BudgetRequest).values(row).orIgnore().returning('*').execute();
    const raw = inserted.raw as Array<{ id: string; created_at: Date }>;
    return raw.length ? { ...row, id: raw[0].id, createdAt: raw[0].created_at } : null;
  }

  findRequest(reference: string): Promise<BudgetRequest | null> {
    return this.m.findOne(BudgetRequest, { where: { reference } });
  }
}
