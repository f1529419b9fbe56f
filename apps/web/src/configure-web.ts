import { INestApplication } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import compression from 'compression';
import { AssetManifest } from './core/assets';
import { ASSET_MANIFEST } from './core/pages';
import { ASSETS_OUT } from './core/web-root';

/** What the pages need of the HTTP server itself: compressed responses and the built assets, cached for a year. */
export function configureWeb(app: INestApplication): void {
  const express = app as NestExpressApplication;
  const manifest = app.get<AssetManifest>(ASSET_MANIFEST);
  express.use(compression());
  // The version is in the path, so a changed file has a new address and the old one may be cached for good.
  express.useStaticAssets(ASSETS_OUT, { prefix: `/assets/${manifest.version}/`, immutable: true, maxAge: '365d', index: false });
}
