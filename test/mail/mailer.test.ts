import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MailCatcher } from '../../dev/mail-catcher.js';
import { createMailer, DeliveryUnknownError, type Mailer } from '../../infra/mailer.js';

describe('the mailer against a relay that stalls or refuses', () => {
  let catcher: MailCatcher;
  const mailers: Mailer[] = [];
  const mailerWith = (options: Partial<Parameters<typeof createMailer>[0]> = {}) => {
    const mailer = createMailer({ smtpUrl: catcher.url, from: 'bureau@test.local', ...options });
    mailers.push(mailer);
    return mailer;
  };
  const send = (mailer: Mailer, to: string) => mailer.send({ to, subject: 's', text: 't' });
  const arrivedFor = (prefix: string) => catcher.messages().filter((m) => m.envelopeTo[0]!.startsWith(prefix));

  beforeAll(async () => {
    catcher = await MailCatcher.start();
  });

  afterEach(() => {
    catcher.accept();
    catcher.releaseStalled();
    catcher.clear();
    for (const mailer of mailers.splice(0)) mailer.close();
  });

  afterAll(async () => {
    await catcher?.close();
  });

  it('does not let stalled connections hold the others: 5 mails stall, the 7 others arrive within seconds', async () => {
    catcher.stallWhere((to, point) => to.startsWith('stalled-') && point === 'before-body');
    const mailer = mailerWith();
    const startedAt = Date.now();
    const stalled = Array.from({ length: 5 }, (_, i) => send(mailer, `stalled-${i}@test.local`));
    await catcher.waitFor(() => catcher.stalledMessages().length === 5);
    const others = Array.from({ length: 7 }, (_, i) => send(mailer, `other-${i}@test.local`));
    await Promise.all(others);
    const othersDoneMs = Date.now() - startedAt;
    expect(arrivedFor('other-')).toHaveLength(7);
    // Well before the 30 s answer timeout that used to free a pooled connection.
    expect(othersDoneMs).toBeLessThan(10_000);
    catcher.releaseStalled();
    await Promise.all(stalled);
    const allDoneMs = Date.now() - startedAt;
    expect(arrivedFor('stalled-')).toHaveLength(5);
    console.log(
      `[stalled relay] planned 12, received ${catcher.messages().length}, 5 stalled, ` +
        `7 others delivered after ${othersDoneMs} ms, all after ${allDoneMs} ms`,
    );
  });

  it('drops a connection that does not reach the end of the message in time and sends on a new one', async () => {
    let stalls = 1;
    catcher.stallWhere((to, point) => point === 'before-body' && to === 'slow@test.local' && stalls-- > 0);
    const mailer = mailerWith({ envelopeTimeoutMs: 1_500, retryDelaysMs: [200] });
    const startedAt = Date.now();
    const sent = await send(mailer, 'slow@test.local');
    expect(sent.response).toMatch(/^250/);
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(1_500);
    expect(arrivedFor('slow@')).toHaveLength(1);
  });

  it('sends within seconds once a refusing relay accepts again, with jittered waits in between', async () => {
    catcher.refuse('mailbox temporarily unavailable');
    const mailer = mailerWith({ retryDelaysMs: [400, 800, 1_600, 3_200] });
    const startedAt = Date.now();
    setTimeout(() => catcher.accept(), 1_000);
    await send(mailer, 'patient@test.local');
    const elapsed = Date.now() - startedAt;
    expect(arrivedFor('patient@')).toHaveLength(1);
    // Accepted again after 1 s; the next wait is at most 1.5 × 1.6 s.
    expect(elapsed).toBeLessThan(1_000 + 2_400 + 1_000);
    console.log(`[refusing relay] accepted again after 1000 ms, mail delivered after ${elapsed} ms`);
  });

  it('gives up after its quick retries and leaves the rest to the caller', async () => {
    catcher.refuse('mailbox temporarily unavailable');
    const mailer = mailerWith({ retryDelaysMs: [100, 100] });
    await expect(send(mailer, 'refused@test.local')).rejects.toMatchObject({ responseCode: 451 });
    expect(arrivedFor('refused@')).toHaveLength(0);
  });

  it('never sends again by itself once the message may have been delivered', async () => {
    catcher.stallWhere((to, point) => to === 'silent@test.local' && point === 'before-reply');
    const mailer = mailerWith({ retryDelaysMs: [100, 100] });
    const sending = send(mailer, 'silent@test.local');
    await catcher.waitFor(() => catcher.stalledMessages().length === 1);
    catcher.dropStalled();
    await expect(sending).rejects.toBeInstanceOf(DeliveryUnknownError);
    expect(arrivedFor('silent@')).toHaveLength(1);
  });

  it('does not retry when the caller refuses the end of the message: nothing was handed over', async () => {
    const mailer = mailerWith({ retryDelaysMs: [100, 100] });
    let asked = 0;
    const refusingGate = async () => {
      asked++;
      throw new Error('this attempt no longer holds the mail');
    };
    await expect(
      mailer.send({ to: 'gate@test.local', subject: 's', text: 't' }, { beforeEndOfData: refusingGate }),
    ).rejects.toThrow(/no longer holds/);
    expect(asked).toBe(1);
    expect(arrivedFor('gate@')).toHaveLength(0);
  });
});
