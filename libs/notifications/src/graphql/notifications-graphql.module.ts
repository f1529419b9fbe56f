import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications.module';
import { NotificationsResolver } from './notifications.resolver';

@Module({ imports: [NotificationsModule], providers: [NotificationsResolver] })
export class NotificationsGraphqlModule {}
