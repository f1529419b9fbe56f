import { Module } from '@nestjs/common';
import { AppConfig } from '@kinwell/config';
import { MailModule } from '@kinwell/mail';
import { NotificationSender } from './notification-sender';
import { Notifications } from './notifications.service';
import { NoSms, NotifySmsSender, SmsSender } from './sms';

@Module({
  imports: [MailModule],
  providers: [
    {
      provide: SmsSender,
      inject: [AppConfig],
      useFactory: (config: AppConfig) =>
        config.notify ? new NotifySmsSender(config.notify.baseUrl, config.notify.apiKey, config.notify.smsTemplateId) : new NoSms(),
    },
    Notifications,
    NotificationSender,
  ],
  exports: [Notifications, NotificationSender, SmsSender],
})
export class NotificationsModule {}
