import { Controller, Get, INestApplication, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import request from 'supertest';
import { loadConfig } from '@kinwell/config';
import { createTestDatabase, TestDatabase } from '@kinwell/testing';
import { ApiModule } from '../apps/api/src/api.module';

/** A handler someone forgot to declare an access rule on. */
@Controller('forgotten')
class ForgottenController {
  @Get()
  answer() {
    return { leaked: true };
  }
}

/**
 * The API module is the composition root: the access guard, the rate limits, validation and the
 * error mapping are registered there, so any app built on it, REST-only or not, gets them.
 */
describe('the API module registers what is global', () => {
  let database: TestDatabase;
  let app: INestApplication;

  beforeAll(async () => {
    database = await createTestDatabase();
    const config = loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      SEED_DEMO: 'false',
      DATABASE_URL: database.url,
      DATABASE_POOL_SIZE: '2',
    });
    @Module({ imports: [ApiModule.forRoot(config, database.url)], controllers: [ForgottenController] })
    class WithAForgottenController {}
    app = await NestFactory.create(WithAForgottenController, { logger: false });
    await app.init();
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  it('refuses a controller that declares no access rule with 403, in Kinwell’s error shape', async () => {
    const res = await request(app.getHttpServer()).get('/forgotten');
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ error: { code: 'FORBIDDEN', message: expect.any(String) } });
  });
});
