import { AppConfig } from '@kinwell/config';
import { TransactionHost } from '@kinwell/database';
import { Principal, Role } from '@kinwell/identity';
import { JobEngine } from '@kinwell/jobs';
import { SmtpMailer } from '@kinwell/mail';
import { SystemClock } from '@kinwell/kernel';
import { createTestDataSource, FakeNotify, makeOrganisation, makeUser, SmtpSink, startFakeNotify, startSmtpSink } from '@kinwell/testing';
import { DataSource } from 'typeorm';
import { NotificationSender } from './notification-sender';
import { DeliveryChannel } from './notifications.entities';
import { NOTIFICATION_DELIVERY, Notifications } from './notifications.service';
import { NoSms, NotifySmsSender } from './sms';

describe('notifications (real PostgreSQL and pg-boss, a real SMTP server and a Notify fake on loopback)', () => {
  let ds: DataSource;
  let close: () => Promise<void>;
  let smtp: SmtpSink;
  let notify: FakeNotify;
  let tx: TransactionHost;
  let jobs: JobEngine;
  let sut: Notifications;
  let sender: NotificationSender;
  const clock = new SystemClock();
  const config = { http: { publicUrl: 'https://kinwell.test' } } as AppConfig;

  beforeAll(async () => {
    ({ dataSource: ds, close } = await createTestDataSource());
    [smtp, notify] = await Promise.all([startSmtpSink(), startFakeNotify()]);
    tx = new TransactionHost(ds);
    jobs = new JobEngine(tx, ds, { runner: false });
    await jobs.onModuleInit();
    const sms = new NotifySmsSender(notify.url, notify.apiKey, notify.templateId);
    sut = new Notifications(tx, jobs, sms, clock);
    sender = new NotificationSender(tx, new SmtpMailer(smtp.url, 'kinwell@example.test', 'kinwell.test'), sms, clock, config);
  });
  afterAll(async () => {
    await jobs.onApplicationShutdown();
    await Promise.all([smtp.close(), notify.close()]);
    await close();
  });

  const deliveriesOf = (userId: string) =>
    ds.query(
      `SELECT d.id, d.channel, d.address, d.status, d.attempts, d.last_error FROM notification_delivery d
         JOIN notification n ON n.id = d.notification_id WHERE n.user_id = $1 ORDER BY d.channel`,
      [userId],
    );
  const queuedJobs = async (deliveryId: string) =>
    Number(
      (
        await ds.query(`SELECT count(*) AS n FROM pgboss.job WHERE name = $1 AND data->>'deliveryId' = $2`, [
          NOTIFICATION_DELIVERY.name,
          deliveryId,
        ])
      )[0].n,
    );

  it('tells in-app at once and queues email and text as jobs of the same transaction; a rollback tells nobody', async () => {
    const person = await makeUser(ds, { email: 'amara@example.test' });
    await tx.run(() => sut.setPreferences(person.id, { email: true, sms: true, mobile: '07700 900982' }));
    await expect(
      tx.run(async () => {
        await sut.tell([person.id], { key: 'plan.activated' });
        throw new Error('the use case failed');
      }),
    ).rejects.toThrow('the use case failed');
    expect(await deliveriesOf(person.id)).toEqual([]);

    await tx.run(() => sut.tell([person.id, person.id], { key: 'item.approved', params: { item: 'Gym membership', amount: '£120.00' } }));
    const shown = await sut.list(person.id, 'en');
    expect(shown).toHaveLength(1);
    expect(shown[0]).toMatchObject({
      title: 'Something in your plan is approved',
      body: '"Gym membership" (£120.00) is approved. Your broker will arrange it.',
    });
    const deliveries = await deliveriesOf(person.id);
    expect(deliveries.map((d: { channel: string; address: string; status: string }) => [d.channel, d.address, d.status])).toEqual([
      ['email', 'amara@example.test', 'queued'],
      ['sms', '07700900982', 'queued'],
    ]);
    for (const d of deliveries) expect(await queuedJobs(d.id)).toBe(1);
    // Nothing left Kinwell inside the use case: the worker sends.
    expect(smtp.received).toHaveLength(0);
    expect(notify.sent).toHaveLength(0);
  });

  it('tells a person with no email or phone in-app, and a sweep that runs twice tells them once', async () => {
    const person = await makeUser(ds);
    await tx.run(() => sut.setPreferences(person.id, { email: false, sms: false, mobile: null }));
    for (let i = 0; i < 2; i++)
      await tx.run(() => sut.tell([person.id], { key: 'review.due', params: { dueOn: '2027-01-15' } }, { dedupeKey: 'review:abc' }));
    expect(await sut.list(person.id, 'en')).toMatchObject([
      { body: 'Your plan has a review due on 15 January 2027. Your broker will arrange it with you.' },
    ]);
    expect(await deliveriesOf(person.id)).toEqual([]);
  });

  it('sends each delivery once, in the reader’s language, by email and by a signed request to Notify', async () => {
    const person = await makeUser(ds, { email: 'bilal@example.test' });
    await ds.query(`UPDATE app_user SET language = 'ur' WHERE id = $1`, [person.id]);
    await tx.run(() => sut.setPreferences(person.id, { email: true, sms: true, mobile: '07700900123' }));
    await tx.run(() =>
      sut.tell([person.id], {
        key: 'item.declined',
        params: { item: 'Laptop', reason: 'A loan laptop is available from the college' },
        link: '/plans/p1',
      }),
    );
    const [email, sms] = await deliveriesOf(person.id);
    const before = smtp.received.length;
    expect(await sender.deliver(email.id, false)).toBe('sent');
    expect(await sender.deliver(email.id, false)).toBe('skipped');
    expect(smtp.received.length - before).toBe(1);
    const mail = smtp.received.at(-1)!;
    expect(mail.to).toBe('bilal@example.test');
    expect(mail.raw).toContain('Content-Language: ur');
    expect(mail.raw).toMatch(new RegExp(`Message-ID:\\s+<kinwell-notification-${email.id}@kinwell.test>`));
    const text = Buffer.from(
      mail.raw
        .split(/\r?\n\r?\n/)
        .slice(1)
        .join('')
        .replace(/\s+/g, ''),
      'base64',
    ).toString('utf8');
    expect(text).toContain('"Laptop" منظور نہیں ہوا۔ بتائی گئی وجہ: A loan laptop is available from the college');
    expect(text).toContain('https://kinwell.test/plans/p1');
    expect(await sender.deliver(sms.id, false)).toBe('sent');
    expect(notify.sent.at(-1)).toEqual({
      phoneNumber: '07700900123',
      message: 'Kinwell: آپ کے منصوبے پر ایک فیصلہ. اسے دیکھنے کے لیے Kinwell میں سائن ان کریں: https://kinwell.test/plans/p1',
      reference: sms.id,
    });
    // The text says what it is about and where to read it, never the decision itself.
    expect(notify.sent.at(-1)!.message).not.toContain('Laptop');
    expect(notify.refusedTokens).toBe(0);
  });

  it('Notify refuses a request signed with the wrong secret', async () => {
    const wrong = new NotifySmsSender(notify.url, notify.apiKey.slice(0, -4) + '0000', notify.templateId);
    await expect(wrong.send('07700900123', 'hello', 'r1')).rejects.toThrow('Notify refused the text (403)');
    expect(notify.refusedTokens).toBe(1);
  });

  it('retries a bounce and a Notify outage, then records the failure for the broker, and never loses it silently', async () => {
    const broker = await makeOrganisation(ds);
    const person = await makeUser(ds, { email: 'nobody-here@example.test', displayName: 'Chidi' });
    await tx.run(() => sut.setPreferences(person.id, { email: true, sms: true, mobile: '07700900555' }));
    await tx.run(() =>
      sut.tell([person.id], { key: 'payment.made', params: { item: 'Taxi', amount: '£18.00' } }, { brokerOrganisationId: broker.id }),
    );
    const [email, sms] = await deliveriesOf(person.id);
    smtp.refuse.add('nobody-here@example.test');
    notify.failNext(2);
    await expect(sender.deliver(email.id, false)).rejects.toThrow();
    await expect(sender.deliver(sms.id, false)).rejects.toThrow('Notify refused the text (500)');
    expect((await deliveriesOf(person.id)).map((d: { status: string; attempts: number }) => [d.status, d.attempts])).toEqual([
      ['queued', 1],
      ['queued', 1],
    ]);
    await expect(sender.deliver(email.id, true)).rejects.toThrow();
    await expect(sender.deliver(sms.id, true)).rejects.toThrow();
    const staff = new Principal('u', 'staff@example.test', 'Staff', [{ organisationId: broker.id, role: Role.BrokerStaff }] as never);
    const failed = await sut.undelivered(staff);
    expect(failed.map((f) => [f.channel, f.recipient, f.title, f.attempts])).toEqual(
      expect.arrayContaining([
        ['email', 'Chidi', 'A payment has been made', 2],
        ['sms', 'Chidi', 'A payment has been made', 2],
      ]),
    );
    expect(failed.find((f) => f.channel === DeliveryChannel.Email)!.error).toContain('550');
    // Someone else's broker sees none of it.
    const other = new Principal('v', 'other@example.test', 'Other', [
      { organisationId: '00000000-0000-4000-8000-000000000000', role: Role.BrokerStaff },
    ] as never);
    expect(await sut.undelivered(other)).toEqual([]);
    // A final failure is final: a stray retry sends nothing.
    expect(await sender.deliver(email.id, false)).toBe('skipped');
  });

  it('checks a person’s choices: a UK mobile for texts, and no texts where Notify is not set up', async () => {
    const person = await makeUser(ds);
    await expect(tx.run(() => sut.setPreferences(person.id, { email: true, sms: true, mobile: null }))).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      fields: [{ field: 'mobile' }],
    });
    await expect(tx.run(() => sut.setPreferences(person.id, { email: true, sms: false, mobile: '020 7946 0000' }))).rejects.toMatchObject({
      fields: [{ field: 'mobile' }],
    });
    const without = new Notifications(tx, jobs, new NoSms(), clock);
    await expect(tx.run(() => without.setPreferences(person.id, { email: true, sms: true, mobile: '07700900982' }))).rejects.toMatchObject({
      fields: [{ field: 'sms' }],
    });
    expect(await without.preferences(person.id)).toEqual({ email: true, sms: false, mobile: null, smsAvailable: false });
  });
});
