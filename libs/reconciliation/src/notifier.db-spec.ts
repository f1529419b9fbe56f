import { OutboxRelay, OutboxService, TransactionHost } from '@kinwell/database';
import { SystemClock } from '@kinwell/kernel';
import { createTestDataSource, makeUser, SmtpSink, startSmtpSink } from '@kinwell/testing';
import { DataSource } from 'typeorm';
import { SmtpMailer } from '@kinwell/mail';
import { EmailNotifier, EmailSender, InAppNotifier, NOTIFICATION_EMAIL, NotifierFanOut } from './notifier';

describe('notifications (real PostgreSQL, a real SMTP server on loopback)', () => {
  let ds: DataSource;
  let close: () => Promise<void>;
  let smtp: SmtpSink;
  let port: number;

  beforeAll(async () => {
    ({ dataSource: ds, close } = await createTestDataSource());
    smtp = await startSmtpSink();
    port = smtp.port;
  });
  afterAll(async () => {
    await smtp.close();
    await close();
  });

  const relayWithEmail = () => {
    const relay = new OutboxRelay(ds, new SystemClock());
    const sender = new EmailSender(
      new TransactionHost(ds),
      new SmtpMailer(`smtp://127.0.0.1:${port}`, 'kinwell@example.test', 'kinwell.test'),
    );
    relay.on(NOTIFICATION_EMAIL, (e) =>
      sender.send(String(e.payload.userId), String(e.payload.subject), String(e.payload.body), `k-${e.id}`),
    );
    return relay;
  };

  it('lists the message in the app at once, and emails it only after the work that asked has committed', async () => {
    const user = await makeUser(ds, { email: 'amara@example.test' });
    const tx = new TransactionHost(ds);
    const relay = relayWithEmail();
    const sut = new NotifierFanOut([new InAppNotifier(tx), new EmailNotifier(new OutboxService(tx, relay))]);
    await tx.run(async () => {
      await sut.notify(user.id, 'A receipt is missing', 'A receipt for £180.00 is still missing.');
      // Inside the use case's transaction, nothing has gone to the mail server.
      expect(smtp.received).toHaveLength(0);
    });
    const [row] = await ds.query('SELECT subject, body, read_at FROM notification WHERE user_id = $1', [user.id]);
    expect(row).toEqual({ subject: 'A receipt is missing', body: 'A receipt for £180.00 is still missing.', read_at: null });
    expect(smtp.received).toHaveLength(0);
    await relay.relayBatch();
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0].to).toBe('amara@example.test');
    expect(smtp.received[0].raw).toContain('Subject: Kinwell: A receipt is missing');
    expect(smtp.received[0].raw).toContain('is still missing');
  });

  it('sends nothing for work that rolled back', async () => {
    const user = await makeUser(ds);
    const tx = new TransactionHost(ds);
    const relay = relayWithEmail();
    await expect(
      tx.run(async () => {
        await new EmailNotifier(new OutboxService(tx, relay)).notify(user.id, 'x', 'y');
        throw new Error('the use case failed');
      }),
    ).rejects.toThrow('the use case failed');
    await relay.relayBatch();
    expect(smtp.received).toHaveLength(1);
  });

  it('does not email someone whose account is disabled', async () => {
    const user = await makeUser(ds, { disabledAt: new Date() });
    await new EmailSender(new TransactionHost(ds), new SmtpMailer(`smtp://127.0.0.1:${port}`, 'kinwell@example.test', 'kinwell.test')).send(
      user.id,
      'x',
      'y',
      'k-direct',
    );
    expect(smtp.received).toHaveLength(1);
  });
});
