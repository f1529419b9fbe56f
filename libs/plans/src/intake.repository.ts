import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@kinwell/database';
import { Organisation, OrganisationKind } from '@kinwell/identity';
import { In } from 'typeorm';
import { AreaInformation, BudgetRequest, BudgetRequestStatus } from './plans.entities';

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
  async insertRequest(
    row: Omit<BudgetRequest, 'id' | 'createdAt' | 'decidedAt' | 'decidedBy' | 'declineReason' | 'holderId'>,
  ): Promise<BudgetRequest | null> {
    const inserted = await this.m.createQueryBuilder().insert().into(BudgetRequest).values(row).orIgnore().returning('*').execute();
    const raw = inserted.raw as Array<{ id: string; created_at: Date }>;
    return raw.length
      ? { ...row, id: raw[0].id, createdAt: raw[0].created_at, decidedAt: null, decidedBy: null, declineReason: null, holderId: null }
      : null;
  }

  findRequest(reference: string): Promise<BudgetRequest | null> {
    return this.m.findOne(BudgetRequest, { where: { reference } });
  }

  /** New requests in these areas, oldest first: the broker's worklist. */
  newRequests(areas: string[], limit = 200): Promise<BudgetRequest[]> {
    if (!areas.length) return Promise.resolve([]);
    return this.m
      .createQueryBuilder(BudgetRequest, 'r')
      .where('r.commissionerId IN (:...areas)', { areas })
      .andWhere('r.status = :status', { status: BudgetRequestStatus.New })
      .orderBy('r.createdAt', 'ASC')
      .take(limit)
      .getMany();
  }

  request(id: string): Promise<BudgetRequest | null> {
    return this.m.findOne(BudgetRequest, { where: { id } });
  }

  lockRequest(id: string): Promise<BudgetRequest | null> {
    return this.m.createQueryBuilder(BudgetRequest, 'r').setLock('pessimistic_write').where('r.id = :id', { id }).getOne();
  }

  async decideRequest(
    id: string,
    change: Pick<BudgetRequest, 'status' | 'decidedAt' | 'decidedBy' | 'declineReason' | 'holderId'>,
  ): Promise<void> {
    await this.m.update(BudgetRequest, { id }, change);
  }
}
