import { Notification, NotificationDelivery, NotificationPreference } from './notifications.entities';

export * from './notifications.entities';
export * from './messages';
export * from './sms';
export * from './notifications.service';
export * from './notification-sender';
export * from './notifications.module';

export const NOTIFICATION_ENTITIES = [Notification, NotificationDelivery, NotificationPreference];
