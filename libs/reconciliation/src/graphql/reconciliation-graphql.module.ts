import { Module } from '@nestjs/common';
import { ReconciliationModule } from '../reconciliation.module';
import { ReconciliationResolver } from './reconciliation.resolver';

@Module({ imports: [ReconciliationModule], providers: [ReconciliationResolver] })
export class ReconciliationGraphqlModule {}
