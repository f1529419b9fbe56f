import { CapturedEmail } from './mail.entities';

export * from './mail.entities';
export * from './mailer';
export * from './mail.module';

export const MAIL_ENTITIES = [CapturedEmail];
