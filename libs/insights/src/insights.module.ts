import { Module } from '@nestjs/common';
import { AppConfig } from '@kinwell/config';
import { Clock } from '@kinwell/kernel';
import { InsightsRepository } from './insights.repository';
import { InsightsService } from './insights.service';
import { AreaDigest } from './area-digest';
import { AreaFigures } from './area-figures';
import { InsightsRefresher } from './read-models';
import { NotificationsModule } from '@kinwell/notifications';

@Module({
  imports: [NotificationsModule],
  providers: [
    InsightsRepository,
    AreaDigest,
    InsightsRefresher,
    AreaFigures,
    {
      provide: InsightsService,
      inject: [InsightsRepository, Clock, AppConfig],
      useFactory: (repository: InsightsRepository, clock: Clock, config: AppConfig) =>
        new InsightsService(repository, clock, { threshold: config.insights.suppressBelow, minimumCohort: config.insights.minimumCohort }),
    },
  ],
  exports: [InsightsService, AreaDigest, InsightsRefresher, AreaFigures],
})
export class InsightsModule {}
