/**
 * How long a mail is in doubt: from the end-of-data mark being recorded until the server's answer is
 * (a crash in between leaves the mail `uncertain`), against the protocol's own part of it, the time
 * from sending the mark to receiving the answer, measured in the same run on the same SMTP server.
 *
 *   node --import tsx bench/mail-window.ts [--mails 200] [--concurrency 5]
 *   BENCH_DATABASE_URL=postgresql://… node --import tsx bench/mail-window.ts
 *
 * Reports and never asserts (see bench/README.md).
 */
import { parseArgs } from 'node:util';
import { sendMailOnce } from '../app/mail/send-once.js';
import { createCleanups } from '../infra/cleanups.js';
import { createScratchDatabase, openDatabase } from '../infra/db.js';
import { startThrowawayPostgres } from '../infra/embedded-postgres.js';
import { MailCatcher } from '../dev/mail-catcher.js';
import { createMailer } from '../infra/mailer.js';

const { values } = parseArgs({
  options: { mails: { type: 'string', default: '200' }, concurrency: { type: 'string', default: '5' } },
});
const MAILS = Number(values.mails);
const CONCURRENCY = Number(values.concurrency);

function percentiles(samples: number[]): { p50: number; p95: number; max: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { p50: at(0.5), p95: at(0.95), max: sorted.at(-1)! };
}

async function inParallel(count: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < count) await task(next++);
    }),
  );
}

const cleanups = createCleanups((line) => console.error(line));
try {
  let serverUrl = process.env.BENCH_DATABASE_URL?.trim() || undefined;
  if (!serverUrl) {
    const server = await startThrowawayPostgres();
    cleanups.push(() => server.stop());
    serverUrl = server.serverUrl;
  }
  const scratch = await createScratchDatabase(serverUrl, 'bench_mail');
  cleanups.push(() => scratch.drop());
  const db = await openDatabase(scratch.url);
  cleanups.push(() => db.close());
  const catcher = await MailCatcher.start();
  cleanups.push(() => catcher.close());
  const mailer = createMailer({ smtpUrl: catcher.url, from: 'bureau@bench.local' });
  cleanups.push(async () => mailer.close());
  const mail = (i: number, run: string) => ({
    to: `office-${i}@bench.local`,
    subject: `提醒 ${i}`,
    text: `正文 ${run}`,
  });

  // Baseline: the protocol's part alone, from the mark leaving to the answer arriving (no database).
  const protocol: number[] = [];
  await inParallel(MAILS, async (i) => {
    let markAt = 0;
    await mailer.send(mail(i, 'baseline'), {
      beforeEndOfData: async () => {
        markAt = performance.now();
      },
    });
    protocol.push(performance.now() - markAt);
  });

  // The product: endOfDataAt recorded, the mark, the answer, the answer recorded.
  const windows: number[] = [];
  await inParallel(MAILS, async (i) => {
    const key = `bench/window/${i}`;
    await sendMailOnce({ db: db.prisma, mailer }, { key, ...mail(i, 'product') });
    const answeredAt = Date.now();
    const row = await db.prisma.mailMessage.findUniqueOrThrow({ where: { idempotencyKey: key } });
    windows.push(answeredAt - row.endOfDataAt!.getTime());
  });

  const base = percentiles(protocol);
  const product = percentiles(windows);
  const fmt = (p: { p50: number; p95: number; max: number }) =>
    `p50 ${p.p50.toFixed(1)} ms, p95 ${p.p95.toFixed(1)} ms, max ${p.max.toFixed(1)} ms`;
  console.log(`mail window: ${MAILS} mails, ${CONCURRENCY} at a time, SMTP test server on loopback`);
  console.log(`  protocol (mark sent → answer received):      ${fmt(base)}`);
  console.log(`  in doubt (endOfDataAt recorded → answer recorded): ${fmt(product)}`);
  console.log(
    `  ratio in doubt / protocol: p50 ${(product.p50 / Math.max(base.p50, 0.1)).toFixed(1)}×, ` +
      `p95 ${(product.p95 / Math.max(base.p95, 0.1)).toFixed(1)}×`,
  );
} finally {
  await cleanups.run();
}
