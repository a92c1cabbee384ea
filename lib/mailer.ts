import nodemailer from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool/index.js';
import { Readable } from 'node:stream';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** Extra headers, e.g. X-Campaign-Obligation, so a receiver can tell which obligation a mail is about. */
  headers?: Record<string, string>;
}

export interface SentMail {
  messageId: string;
  /** The SMTP server's final reply, kept in the mail log. */
  response: string;
}

export interface SendOptions {
  /**
   * Runs once the whole message has gone to the SMTP server and only the end-of-data mark is left;
   * the mark is sent when it resolves (nothing is sent and the send fails if it rejects). Until the
   * mark, a server cannot have accepted the mail, so whoever records this moment knows afterwards
   * whether an interrupted send may have been delivered.
   */
  beforeEndOfData?: () => Promise<void>;
}

/**
 * The send stopped after the end-of-data mark and no answer came (connection lost, timeout): the
 * server may or may not have accepted the mail. A refusal (an answer with a code) is a plain error.
 */
export class DeliveryUnknownError extends Error {
  constructor(cause: Error) {
    super(`no answer from the SMTP server after the end of the message: ${cause.message}`, { cause });
    this.name = 'DeliveryUnknownError';
  }
}

export interface Mailer {
  send(mail: OutgoingMail, options?: SendOptions): Promise<SentMail>;
  verify(): Promise<void>;
  close(): void;
}

/** A nodemailer SMTP transport with a pooled connection, from an smtp:// or smtps:// URL. */
export function createMailer(options: { smtpUrl: string; from: string }): Mailer {
  const url = new URL(options.smtpUrl);
  const poolOptions: SMTPPool.Options & { maxRequeues: number } = {
    host: url.hostname,
    port: url.port ? Number(url.port) : url.protocol === 'smtps:' ? 465 : 587,
    secure: url.protocol === 'smtps:',
    auth: url.username ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } : undefined,
    pool: true,
    maxConnections: 5,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
    // The pool would resend a message whose connection closed mid-send on another connection, by
    // default without limit; whether that is safe depends on the end-of-data mark, which only
    // sendMailOnce knows. So a closed connection fails the send and the caller decides.
    maxRequeues: 0,
  };
  const transport = nodemailer.createTransport(poolOptions);
  // nodemailer composes the message while SMTP's DATA runs; this wraps that stream so the end-of-data
  // mark (written when the stream ends) waits for the mail's own beforeEndOfData.
  transport.use('stream', (message, done) => {
    const gate = (message.data as GatedOptions)[END_OF_DATA_GATE];
    if (gate) message.message.processFunc((body) => holdEndOfData(body, gate));
    done();
  });
  return {
    async send(mail, sendOptions = {}) {
      const { beforeEndOfData } = sendOptions;
      // From here on the server may have the mail (set a moment early: that errs towards uncertain).
      let endOfDataReached = false;
      const gate = beforeEndOfData
        ? async () => {
            await beforeEndOfData();
            endOfDataReached = true;
          }
        : undefined;
      const message: GatedOptions = { from: options.from, ...mail, ...(gate ? { [END_OF_DATA_GATE]: gate } : {}) };
      try {
        const info = await transport.sendMail(message);
        return { messageId: info.messageId, response: info.response };
      } catch (error) {
        const answered = typeof (error as { responseCode?: unknown }).responseCode === 'number';
        if (endOfDataReached && !answered) throw new DeliveryUnknownError(error as Error);
        throw error;
      }
    },
    async verify() {
      await transport.verify();
    },
    close() {
      transport.close();
    },
  };
}

const END_OF_DATA_GATE = 'campaignEngineBeforeEndOfData';
type GatedOptions = nodemailer.SendMailOptions & { [END_OF_DATA_GATE]?: () => Promise<void> };

/**
 * The message body, then the gate, then its end. With no read-ahead (highWaterMark 0) the gate runs
 * only when SMTP's data stream asks for more after taking the last chunk, i.e. after DATA was accepted
 * and the body was passed on to the socket.
 */
function holdEndOfData(body: Readable, gate: () => Promise<void>): Readable {
  async function* bodyThenGate() {
    for await (const chunk of body) yield chunk as Buffer;
    await gate();
  }
  return Readable.from(bodyThenGate(), { objectMode: false, highWaterMark: 0 });
}
