import { Module } from '@nestjs/common';
import { PaymentsModule } from '../payments.module';
import { PaymentsResolver } from './payments.resolver';

@Module({ imports: [PaymentsModule], providers: [PaymentsResolver] })
export class PaymentsGraphqlModule {}
