import { SMTPServer } from 'smtp-server';

export interface SmtpSink {
  url: string;
  port: number;
  /** Every message received, with its envelope recipients and its raw text. */
  received: Array<{ to: string; raw: string }>;
  /** Addresses the server refuses, as a mailbox that does not exist (550). */
  refuse: Set<string>;
  close(): Promise<void>;
}

/** A real SMTP server on loopback that keeps what it is sent: the tests' mail server. */
export async function startSmtpSink(): Promise<SmtpSink> {
  const received: SmtpSink['received'] = [];
  const refuse = new Set<string>();
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onRcptTo(address, _session, done) {
      if (!refuse.has(address.address)) return done();
      done(Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 }));
    },
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
  const port = (smtp.server.address() as { port: number }).port;
  return { url: `smtp://127.0.0.1:${port}`, port, received, refuse, close: () => new Promise<void>((r) => smtp.close(() => r())) };
}
