import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ASSETS_OUT, PROJECT_ROOT, WEB_ROOT } from './web-root';

const SOURCES = join(WEB_ROOT, 'assets');
const NHSUK = join(PROJECT_ROOT, 'node_modules', 'nhsuk-frontend', 'dist', 'nhsuk');
const MANIFEST = join(ASSETS_OUT, 'manifest.json');
const COPIED: Array<[string, string]> = [
  [join(NHSUK, 'nhsuk-frontend.min.js'), 'nhsuk-frontend.min.js'],
  [join(SOURCES, 'kinwell.js'), 'kinwell.js'],
  [join(SOURCES, 'issuing-elements.js'), 'issuing-elements.js'],
  [join(SOURCES, 'logo.svg'), 'logo.svg'],
  [join(SOURCES, 'favicon.svg'), 'favicon.svg'],
];

// rtlcss mirrors the layout but not what an icon points at: arrows that mean "back" and "next" turn round too.
const RTL_ICONS = `.nhsuk-icon--arrow-left,.nhsuk-icon--arrow-right,.nhsuk-icon--arrow-right-circle,.nhsuk-icon--arrow-left-circle,.nhsuk-icon--chevron-left,.nhsuk-icon--chevron-right{transform:scaleX(-1)}`;

/** The back link's chevron is drawn by CSS (a rotated corner): mirrored, it points right, the way back in Urdu. */
function mirrorBackLink(css: string): string {
  const chevron = /\.nhsuk-back-link::before\{[^}]*?transform:([^;}]+)/.exec(css);
  if (!chevron) throw new Error('nhsuk-frontend no longer draws the back link chevron as expected; check the right-to-left styles');
  return `.nhsuk-back-link::before{transform:scaleX(-1) ${chevron[1]}}`;
}

export interface AssetManifest {
  /** Changes whenever any asset does, so browsers may cache them for a year. */
  version: string;
}

/** Compiles the Sass (and its right-to-left mirror) and copies the scripts, if anything changed since the last build. */
export async function ensureAssets(force = false): Promise<AssetManifest> {
  // This file too: a change in how assets are built is a change in the assets.
  const newest = Math.max(...[__filename, join(SOURCES, 'kinwell.scss'), ...COPIED.map(([from]) => from)].map((f) => statSync(f).mtimeMs));
  if (!force && existsSync(MANIFEST) && statSync(MANIFEST).mtimeMs >= newest)
    return JSON.parse(readFileSync(MANIFEST, 'utf8')) as AssetManifest;

  const sass = await import('sass');
  const rtlcss = (await import('rtlcss')).default;
  const css = sass.compile(join(SOURCES, 'kinwell.scss'), {
    loadPaths: [join(PROJECT_ROOT, 'node_modules')],
    style: 'compressed',
    quietDeps: true,
    silenceDeprecations: ['import'],
  }).css;
  const mirrored = rtlcss.process(css);
  const rtl = mirrored + RTL_ICONS + mirrorBackLink(mirrored);
  mkdirSync(ASSETS_OUT, { recursive: true });
  // Written beside and renamed, so a test file booting at the same moment never reads half a file.
  const write = (name: string, content: string | Buffer) => {
    const tmp = join(ASSETS_OUT, `.${name}.${process.pid}`);
    writeFileSync(tmp, content);
    renameSync(tmp, join(ASSETS_OUT, name));
  };
  write('kinwell.css', css);
  write('kinwell.rtl.css', rtl);
  for (const [from, name] of COPIED) {
    const tmp = join(ASSETS_OUT, `.${name}.${process.pid}`);
    copyFileSync(from, tmp);
    renameSync(tmp, join(ASSETS_OUT, name));
  }
  const hash = createHash('sha256').update(css).update(rtl);
  for (const [from] of COPIED) hash.update(readFileSync(from));
  const manifest: AssetManifest = { version: hash.digest('hex').slice(0, 12) };
  write('manifest.json', JSON.stringify(manifest));
  return manifest;
}
