/**
 * One worker process for bench:jobs: pg-boss on the bench database, sending notification deliveries to the
 * bench's SMTP sink, as apps/worker's NotificationDeliveryJob does. Says "ready" on stdout when it works.
 */
import 'reflect-metadata';
import { AppConfig } from '@kinwell/config';
import { dataSourceOptions, TransactionHost } from '@kinwell/database';
import { JobEngine } from '@kinwell/jobs';
import { SystemClock } from '@kinwell/kernel';
import { SmtpMailer } from '@kinwell/mail';
import { NOTIFICATION_DELIVERY, NoSms, NotificationSender } from '@kinwell/notifications';
import { ENTITIES } from '@kinwell/platform';
import { DataSource } from 'typeorm';

async function main() {
  const [url, smtpUrl] = process.argv.slice(2);
  const dataSource = await new DataSource(dataSourceOptions({ url, entities: ENTITIES, poolSize: 8 })).initialize();
  const tx = new TransactionHost(dataSource);
  const clock = new SystemClock();
  const config = { http: { publicUrl: 'https://kinwell.bench' } } as AppConfig;
  const sender = new NotificationSender(tx, new SmtpMailer(smtpUrl, 'kinwell@bench.test', 'kinwell.bench'), new NoSms(), clock, config);
  const engine = new JobEngine(tx, dataSource, { runner: true, pollingIntervalSeconds: 0.5 });
  engine.handle(
    NOTIFICATION_DELIVERY,
    (data, job) => sender.deliver(String(data.deliveryId), job.retryCount >= NOTIFICATION_DELIVERY.retryLimit),
    { batchSize: 20 },
  );
  await engine.onModuleInit();
  await engine.onApplicationBootstrap();
  process.stdout.write('ready\n');
}
void main();
