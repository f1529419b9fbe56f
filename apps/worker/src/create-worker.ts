import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { AppConfig } from '@kinwell/config';
import { WorkerModule } from './worker.module';

export async function createWorker(config: AppConfig, databaseUrl: string): Promise<INestApplicationContext> {
  const worker = await NestFactory.createApplicationContext(WorkerModule.forRoot(config, databaseUrl), { bufferLogs: true });
  worker.useLogger(worker.get(Logger));
  worker.flushLogs();
  await worker.init();
  return worker;
}
