import { ensureAssets } from './core/assets';
import { ASSETS_OUT } from './core/web-root';

// `npm run build`: the web's CSS and scripts, ready before the first request.
ensureAssets(true).then(
  (m) => console.log(`[web] Built the page assets (${m.version}) into ${ASSETS_OUT}.`),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
