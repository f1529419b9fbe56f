import { BUDGET_ENTITIES } from '@kinwell/budgets';
import { DATABASE_ENTITIES } from '@kinwell/database';
import { DIRECTORY_ENTITIES } from '@kinwell/directory';
import { IDENTITY_ENTITIES } from '@kinwell/identity';
import { INSIGHTS_ENTITIES } from '@kinwell/insights';
import { MAIL_ENTITIES } from '@kinwell/mail';
import { NOTIFICATION_ENTITIES } from '@kinwell/notifications';
import { PAYMENT_ENTITIES } from '@kinwell/payments';
import { PLAN_ENTITIES } from '@kinwell/plans';
import { RECONCILIATION_ENTITIES } from '@kinwell/reconciliation';
import { SEARCH_ENTITIES } from '@kinwell/search';

/** Every entity in Kinwell. Each bounded context adds its list here. */
export const ENTITIES = [
  ...DATABASE_ENTITIES,
  ...IDENTITY_ENTITIES,
  ...MAIL_ENTITIES,
  ...NOTIFICATION_ENTITIES,
  ...DIRECTORY_ENTITIES,
  ...SEARCH_ENTITIES,
  ...BUDGET_ENTITIES,
  ...PLAN_ENTITIES,
  ...PAYMENT_ENTITIES,
  ...RECONCILIATION_ENTITIES,
  ...INSIGHTS_ENTITIES,
];
