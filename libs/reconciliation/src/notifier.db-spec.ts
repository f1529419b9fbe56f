import { SMTPServer } from 'smtp-server';
import { TransactionHost } from '@kinwell/database';
import { createTestDataSource, makeUser } from '@kinwell/testing';
import { DataSource } from 'typeorm';
import { EmailNotifier, InAppNotifier, NotifierFanOut } from './notifier';

describe('notifications (real PostgreSQL, a real SMTP server on loopback)', () => {
  let ds: DataSource;
  let close: () => Promise<void>;
  let smtp: SMTPServer;
  let port: number;
  const received: Array<{ to: string; raw: string }> = [];

  beforeAll(async () => {
    ({ dataSource: ds, close } = await createTestDataSource());
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, session, done) {
        let raw = '';
        stream
          .on('data', (c: Buffer) => (raw += c.toString()))
          .on('end', () => {
            received.push({ to: session.envelope.rcptTo.map((r) => r.address).join(','), raw });
            done();
          });
      },
    });
    await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
    port = (smtp.server.address() as { port: number }).port;
  });
  afterAll(async () => {
    await new Promise<void>((r) => smtp.close(() => r()));
    await close();
  });

  it('lists the message in the app and emails it to the person’s address', async () => {
    const user = await makeUser(ds, { email: 'amara@example.test' });
    const tx = new TransactionHost(ds);
    const sut = new NotifierFanOut([new InAppNotifier(tx), new EmailNotifier(tx, `smtp://127.0.0.1:${port}`, 'kinwell@example.test')]);
    await sut.notify(user.id, 'A receipt is missing', 'A receipt for £180.00 is still missing.');
    const [row] = await ds.query('SELECT subject, body, read_at FROM notification WHERE user_id = $1', [user.id]);
    expect(row).toEqual({ subject: 'A receipt is missing', body: 'A receipt for £180.00 is still missing.', read_at: null });
    expect(received).toHaveLength(1);
    expect(received[0].to).toBe('amara@example.test');
    expect(received[0].raw).toContain('Subject: Kinwell: A receipt is missing');
    expect(received[0].raw).toContain('is still missing');
  });

  it('does not email someone whose account is disabled', async () => {
    const user = await makeUser(ds, { disabledAt: new Date() });
    await new EmailNotifier(new TransactionHost(ds), `smtp://127.0.0.1:${port}`, 'kinwell@example.test').notify(user.id, 'x', 'y');
    expect(received).toHaveLength(1);
  });
});
