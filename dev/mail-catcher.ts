import { appendFile, mkdir, readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import type { SMTPServer } from 'smtp-server';
import { PromptSMTPServer } from './prompt-smtp-server.js';

/** Where a stalled message waits: before its body (RCPT unanswered) or before the 250 after its body. */
export type StallPoint = 'before-body' | 'before-reply';
/** Whether the message to `recipient` that reached `point` waits there. */
export type StallRule = (recipient: string, point: StallPoint) => boolean;

export interface CaughtMail {
  id: number;
  receivedAt: string;
  envelopeFrom: string;
  envelopeTo: string[];
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string | undefined;
  messageId: string | undefined;
  /** Every header, lower-cased names; X-Campaign-* headers identify obligation and step. */
  headers: Record<string, string>;
}

/**
 * A real SMTP server on loopback that keeps every message it accepts. It is the product's built-in
 * mail catcher when no SMTP_URL is configured, and the receiving end of every mail test.
 */
export class MailCatcher {
  private readonly received: CaughtMail[] = [];
  /** Taken before any await, so mails kept at the same time never share an id. */
  private nextId = 1;
  private refusing: { reason: string; at: 'sender' | 'end-of-data' } | undefined;
  private stallRule: StallRule | undefined;
  private readonly stalled: {
    point: StallPoint;
    recipient: string;
    session: unknown;
    release: () => void;
    /** The kept message of a stall before the reply. */
    keptId?: number;
  }[] = [];
  private waiters: (() => void)[] = [];

  private constructor(
    private readonly server: SMTPServer,
    readonly port: number,
    private readonly file: string | undefined,
  ) {}

  /** `file` keeps the messages across restarts (JSON lines). */
  static async start(options: { port?: number; host?: string; file?: string } = {}): Promise<MailCatcher> {
    const host = options.host ?? '127.0.0.1';
    // The server's callbacks need the catcher, which needs the listening server: bind it afterwards.
    const bound: { catcher?: MailCatcher } = {};
    const server = new PromptSMTPServer({
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      banner: 'campaign-engine mail catcher',
      logger: false,
      onMailFrom(_address, _session, callback) {
        const refusing = bound.catcher?.refusing;
        callback(refusing?.at === 'sender' ? refusal(refusing.reason) : undefined);
      },
      onRcptTo(address, session, callback) {
        const catcher = bound.catcher;
        if (catcher?.stallRule?.(address.address, 'before-body'))
          catcher.stall('before-body', address.address, session, callback);
        else callback();
      },
      onData(stream, session, callback) {
        simpleParser(stream)
          .then(async (parsed) => {
            const refusing = bound.catcher?.refusing;
            if (refusing?.at === 'end-of-data') {
              callback(refusal(refusing.reason));
              return;
            }
            const kept = await bound.catcher?.keep({
              envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              envelopeTo: session.envelope.rcptTo.map((r) => r.address),
              from: parsed.from?.text ?? '',
              to: Array.isArray(parsed.to) ? parsed.to.map((a) => a.text).join(', ') : (parsed.to?.text ?? ''),
              subject: parsed.subject ?? '',
              text: parsed.text ?? '',
              html: typeof parsed.html === 'string' ? parsed.html : undefined,
              messageId: parsed.messageId,
              headers: Object.fromEntries(
                [...parsed.headers.entries()].map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]),
              ),
            });
            const recipient = session.envelope.rcptTo[0]?.address ?? '';
            const catcher = bound.catcher;
            if (catcher?.stallRule?.(recipient, 'before-reply'))
              catcher.stall('before-reply', recipient, session, callback, kept?.id);
            else callback();
          })
          .catch((error: Error) => callback(error));
      },
    });
    const stored = options.file ? await loadMessages(options.file) : [];
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, host, () => resolve());
    });
    // Every client connection's socket errors reach the server's 'error' event; a sender that dies
    // mid-session (a killed worker) is normal for a mail server and must not crash the process.
    server.on('error', () => undefined);
    const address = server.server.address() as AddressInfo;
    const catcher = new MailCatcher(server, address.port, options.file);
    catcher.received.push(...stored);
    catcher.nextId = Math.max(0, ...stored.map((m) => m.id)) + 1;
    bound.catcher = catcher;
    return catcher;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  messages(): CaughtMail[] {
    return [...this.received];
  }

  /**
   * Refuse every message with a temporary 451 until `accept()`: at MAIL FROM, or after its whole body
   * (an answer to the end-of-data mark; the message is not kept).
   */
  refuse(reason = 'mailbox temporarily unavailable', at: 'sender' | 'end-of-data' = 'sender'): void {
    this.refusing = { reason, at };
  }

  accept(): void {
    this.refusing = undefined;
  }

  /**
   * For tests of interrupted sends: messages the rule picks wait before their body (the recipient is
   * not answered) or, kept already, before the server's 250, until `releaseStalled()` or
   * `dropStalled()`. The rule is asked at both points of every message.
   */
  stallWhere(rule: StallRule | undefined): void {
    this.stallRule = rule;
  }

  /** The messages waiting now, by stall point and recipient. */
  stalledMessages(): { point: StallPoint; recipient: string }[] {
    return this.stalled.map(({ point, recipient }) => ({ point, recipient }));
  }

  /** Answers every stalled message (a closed connection ignores it) and stops stalling new ones. */
  releaseStalled(): void {
    this.stallRule = undefined;
    for (const { release } of this.stalled.splice(0)) release();
  }

  /**
   * Closes the connections of the stalled messages without answering them (a lost connection).
   * `lost` picks, by recipient, messages the relay loses too (it crashed before passing them on): they
   * are no longer among the received ones.
   */
  dropStalled(options: { lost?: (recipient: string) => boolean } = {}): void {
    this.stallRule = undefined;
    const dropped = this.stalled.splice(0);
    const lostIds = new Set(
      dropped.filter((s) => s.keptId !== undefined && options.lost?.(s.recipient)).map((s) => s.keptId),
    );
    for (let i = this.received.length - 1; i >= 0; i--)
      if (lostIds.has(this.received[i]!.id)) this.received.splice(i, 1);
    const sessions = new Set(dropped.map((s) => s.session));
    for (const connection of this.server.connections as Set<{ session: unknown; close(): void }>) {
      if (sessions.has(connection.session)) connection.close();
    }
  }

  private stall(point: StallPoint, recipient: string, session: unknown, callback: () => void, keptId?: number): void {
    this.stalled.push({ point, recipient, session, release: callback, ...(keptId === undefined ? {} : { keptId }) });
    this.wake();
  }

  /** Resolves once `predicate` holds for the received messages. */
  async waitFor(predicate: (messages: CaughtMail[]) => boolean, timeoutMs = 10_000): Promise<CaughtMail[]> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this.received)) {
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(`mail catcher: condition not met within ${timeoutMs} ms (${this.received.length} messages)`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 200));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.messages();
  }

  clear(): void {
    this.received.length = 0;
  }

  async close(): Promise<void> {
    this.releaseStalled();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /**
   * The server goes away at once, as in an outage: it stops listening (new connections are refused)
   * and closes every open connection now, instead of `close()`'s grace period for them.
   */
  async shutDown(): Promise<void> {
    this.releaseStalled();
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const connection of this.server.connections as Set<{ close(): void }>) connection.close();
    await closed;
  }

  private async keep(mail: Omit<CaughtMail, 'id' | 'receivedAt'>): Promise<CaughtMail> {
    const entry: CaughtMail = { id: this.nextId++, receivedAt: new Date().toISOString(), ...mail };
    if (this.file) {
      await mkdir(path.dirname(this.file), { recursive: true });
      await appendFile(this.file, `${JSON.stringify(entry)}\n`);
    }
    this.received.push(entry);
    this.wake();
    return entry;
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}

/** A temporary refusal: smtp-server answers it with code 451 and the reason. */
function refusal(reason: string): Error {
  return Object.assign(new Error(reason), { responseCode: 451 });
}

async function loadMessages(file: string): Promise<CaughtMail[]> {
  try {
    const text = await readFile(file, 'utf8');
    return text
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as CaughtMail);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}
