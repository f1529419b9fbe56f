import { Module } from '@nestjs/common';
import { InsightsModule } from '../insights.module';
import { InsightsResolver } from './insights.resolver';

@Module({ imports: [InsightsModule], providers: [InsightsResolver] })
export class InsightsGraphqlModule {}
