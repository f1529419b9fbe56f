import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** apps/web in the source tree: its views, catalogues and asset sources are read from there, built or not. */
function findWebRoot(): string {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    const candidate = join(dir, 'apps', 'web');
    if (existsSync(join(candidate, 'views'))) return candidate;
  }
  throw new Error(`Cannot find apps/web/views above ${__dirname}`);
}

export const WEB_ROOT = findWebRoot();
export const PROJECT_ROOT = resolve(WEB_ROOT, '..', '..');
/** Where the compiled CSS and copied scripts go (npm run build, or the first start without a build). */
export const ASSETS_OUT = join(PROJECT_ROOT, 'dist', 'web-assets');
