/** Set by global-setup for every test worker. */
export const TEST_ADMIN_URL_VAR = 'KINWELL_TEST_ADMIN_URL';
export const TEST_TEMPLATE_VAR = 'KINWELL_TEST_TEMPLATE';

export function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}
