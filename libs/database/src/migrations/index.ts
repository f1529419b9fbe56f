// Every migration, oldest first. `npm run migration:generate -- <Name>` rewrites this list.
import { Init1795334969870 } from './1795334969870-init';

export const MIGRATIONS: Array<new () => unknown> = [
  Init1795334969870,
];
