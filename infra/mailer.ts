import nodemailer from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import net from 'node:net';
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

export interface MailerOptions {
  smtpUrl: string;
  from: string;
  /** Sends that run at once while the server answers; a stalled one stops counting after `stallAfterMs`. */
  connections?: number;
  /** Connections open at once, stalled ones included: the bound against a server that stalls them all. */
  maxConnections?: number;
  /** A send still running after this is taken for stalled, and the next mail gets a connection of its own. */
  stallAfterMs?: number;
  /**
   * Connect, greeting, envelope and body must be done within this, or the connection is dropped: before
   * the end-of-data mark the server cannot have the mail, so dropping it is always safe.
   */
  envelopeTimeoutMs?: number;
  /** How long the answer to the end-of-data mark may take (silence longer than this: delivery unknown). */
  answerTimeoutMs?: number;
  /**
   * Waits before sending again, inside one send, after a temporary failure that left no doubt (a 4xx
   * answer, or a connection lost before the end-of-data mark); each is jittered by ±50 %. Empty: a failed
   * send fails at once and the caller's retry policy takes over.
   */
  retryDelaysMs?: readonly number[];
}

/** Used for the options left out. No quick retries by default: the product passes its own (SMTP_QUICK_RETRIES_MS). */
export const MAILER_DEFAULTS = {
  connections: 5,
  maxConnections: 20,
  stallAfterMs: 2_000,
  envelopeTimeoutMs: 15_000,
  answerTimeoutMs: 30_000,
  retryDelaysMs: [] as readonly number[],
} as const;

function settingsOf(options: MailerOptions) {
  return { ...MAILER_DEFAULTS, ...definedOnly(options) };
}
type MailerSettings = ReturnType<typeof settingsOf>;

function smtpTransportOptions(smtpUrl: string, settings: MailerSettings): SMTPTransport.Options {
  const url = new URL(smtpUrl);
  return {
    host: url.hostname,
    port: url.port ? Number(url.port) : url.protocol === 'smtps:' ? 465 : 587,
    secure: url.protocol === 'smtps:',
    auth: url.username ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } : undefined,
    connectionTimeout: Math.min(10_000, settings.envelopeTimeoutMs),
    greetingTimeout: Math.min(10_000, settings.envelopeTimeoutMs),
    socketTimeout: settings.answerTimeoutMs,
  };
}

/** What every send shares: where to connect, the limits, and the connections open now (for `close`). */
interface Connections {
  transportOptions: SMTPTransport.Options;
  settings: MailerSettings;
  slots: ConnectionSlots;
  open: Set<net.Socket>;
}

/**
 * nodemailer's `getSocket` hook. The connection is ours so that the envelope deadline can drop it;
 * nodemailer takes it once open.
 */
function openOwnSocket(connections: Connections, opened: (socket: net.Socket) => void) {
  const { transportOptions, open } = connections;
  return (_options: unknown, callback: (error: Error | null, socket?: { connection: net.Socket }) => void) => {
    const connection = net.connect({ host: transportOptions.host!, port: transportOptions.port! });
    // SMTP is a chat of small writes: without this, the end-of-data mark waits for the server's delayed
    // acknowledgement of the body (about 40 ms a message here) and the pool sends a few dozen mails a second.
    connection.setNoDelay(true);
    opened(connection);
    open.add(connection);
    connection.once('close', () => open.delete(connection));
    // A drop after nodemailer has its own listener reaches it too; this one only keeps it from being uncaught.
    connection.on('error', () => undefined);
    const failed = (error: Error) => callback(error);
    connection.once('error', failed);
    connection.once('connect', () => {
      connection.off('error', failed);
      callback(null, { connection });
    });
  };
}

/** One attempt on a connection of its own, within a slot; the connection is closed at the end. */
async function sendOnce(connections: Connections, message: nodemailer.SendMailOptions, gate: Gate): Promise<SentMail> {
  const { transportOptions, settings, slots } = connections;
  const slot = await slots.take();
  let socket: net.Socket | undefined;
  const transport = nodemailer.createTransport({
    ...transportOptions,
    getSocket: openOwnSocket(connections, (connection) => (socket = connection)),
  } as SMTPTransport.Options);
  // nodemailer composes the message while SMTP's DATA runs; this wraps that stream so the end-of-data
  // mark (written when the stream ends) waits for the mail's own gate.
  transport.use('stream', (composed, done) => {
    composed.message.processFunc((body) => holdEndOfData(body, gate.run));
    done();
  });
  const stalled = setTimeout(() => slot.stalled(), settings.stallAfterMs);
  const envelopeDeadline = setTimeout(() => {
    if (!gate.started)
      socket?.destroy(
        new Error(`the SMTP exchange did not reach the end of the message within ${settings.envelopeTimeoutMs} ms`),
      );
  }, settings.envelopeTimeoutMs);
  try {
    const info = (await transport.sendMail(message)) as { messageId: string; response: string };
    return { messageId: info.messageId, response: info.response };
  } finally {
    clearTimeout(stalled);
    clearTimeout(envelopeDeadline);
    slot.release();
    transport.close();
  }
}

/**
 * Mail over SMTP, one connection per message from an smtp:// or smtps:// URL. Connections are not pooled
 * so that a stalled exchange holds only its own: up to `connections` sends run at once, and one that
 * stalls makes room for a replacement, up to `maxConnections`.
 */
export function createMailer(options: MailerOptions): Mailer {
  const settings = settingsOf(options);
  const transportOptions = smtpTransportOptions(options.smtpUrl, settings);
  const connections: Connections = {
    transportOptions,
    settings,
    slots: new ConnectionSlots(settings.connections, settings.maxConnections),
    open: new Set<net.Socket>(),
  };

  return {
    async send(mail, sendOptions = {}) {
      const message: nodemailer.SendMailOptions = { from: options.from, ...mail };
      for (let retry = 0; ; retry++) {
        const gate = new Gate(sendOptions.beforeEndOfData);
        try {
          return await sendOnce(connections, message, gate);
        } catch (error) {
          const answer = (error as { responseCode?: unknown }).responseCode;
          const answered = typeof answer === 'number';
          if (gate.passed && !answered) throw new DeliveryUnknownError(error as Error);
          const temporary = answered ? answer >= 400 && answer < 500 : !gate.failed;
          const delay = settings.retryDelaysMs[retry];
          if (!temporary || delay === undefined) throw error;
          await new Promise((resolve) => setTimeout(resolve, delay * (0.5 + Math.random())));
        }
      }
    },
    async verify() {
      const transport = nodemailer.createTransport(transportOptions);
      try {
        await transport.verify();
      } finally {
        transport.close();
      }
    },
    close() {
      for (const socket of connections.open) socket.destroy();
    },
  };
}

/** The mail's own step before the end-of-data mark, and how far one send got through it. */
class Gate {
  started = false;
  /** From here on the server may have the mail (set a moment early: that errs towards uncertain). */
  passed = false;
  /** The mail's step refused (e.g. its attempt lost the mail): nothing was handed over, nothing to retry. */
  failed = false;
  constructor(private readonly beforeEndOfData: (() => Promise<void>) | undefined) {}
  readonly run = async (): Promise<void> => {
    this.started = true;
    try {
      await this.beforeEndOfData?.();
    } catch (error) {
      this.failed = true;
      throw error;
    }
    this.passed = true;
  };
}

/**
 * At most `steady` sends that are making progress, and at most `max` connections in all: a send that
 * stalls gives its place to the next one but keeps its connection until it ends.
 */
class ConnectionSlots {
  private counted = 0;
  private open = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(
    private readonly steady: number,
    private readonly max: number,
  ) {}

  async take(): Promise<{ stalled(): void; release(): void }> {
    while (this.counted >= this.steady || this.open >= this.max) await new Promise<void>((r) => this.waiting.push(r));
    this.counted++;
    this.open++;
    let counts = true;
    const uncount = () => {
      if (!counts) return;
      counts = false;
      this.counted--;
    };
    return {
      stalled: () => {
        uncount();
        this.wakeOne();
      },
      release: () => {
        uncount();
        this.open--;
        this.wakeOne();
      },
    };
  }

  private wakeOne(): void {
    this.waiting.shift()?.();
  }
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

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
