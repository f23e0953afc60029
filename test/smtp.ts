import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface Delivered {
  /** RCPT TO of the SMTP envelope. */
  to: string[];
  from: string;
  mail: ParsedMail;
}

export interface TestSmtp {
  /** For TANSIQ_SMTP_URL: plain SMTP on loopback (no STARTTLS to negotiate). */
  url: string;
  delivered: Delivered[];
  close(): Promise<void>;
}

/**
 * A real SMTP server (smtp-server) on 127.0.0.1 and a free port, keeping every message it
 * accepts, parsed (mailparser). Recipients that `refuse` names are refused at RCPT TO (550).
 */
export async function startSmtp(
  refuse: (address: string) => boolean = () => false,
): Promise<TestSmtp> {
  const delivered: Delivered[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (refuse(address.address)) {
        const error = new Error('mailbox unavailable') as Error & { responseCode: number };
        error.responseCode = 550;
        callback(error);
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      simpleParser(stream).then(
        (mail) => {
          delivered.push({
            to: session.envelope.rcptTo.map((r) => r.address),
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            mail,
          });
          callback();
        },
        (e: unknown) => callback(e as Error),
      );
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}/?ignoreTLS=true`,
    delivered,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
