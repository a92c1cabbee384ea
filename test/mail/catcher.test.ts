import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MailCatcher } from '../../dev/mail-catcher.js';

describe('the mail catcher', () => {
  let catcher: MailCatcher;

  beforeAll(async () => {
    catcher = await MailCatcher.start();
  });

  afterAll(async () => {
    await catcher?.close();
  });

  it('greets a new connection at once, and only once (no 100 ms pause for clients that talk too early)', async () => {
    const socket = net.connect({ host: '127.0.0.1', port: catcher.port });
    let received = '';
    const connectedAt = await new Promise<number>((resolve) => socket.once('connect', () => resolve(Date.now())));
    const greetedAt = await new Promise<number>((resolve) =>
      socket.once('data', (chunk: Buffer) => {
        received += chunk.toString();
        resolve(Date.now());
      }),
    );
    socket.on('data', (chunk: Buffer) => (received += chunk.toString()));
    // smtp-server's own timer fires 100 ms after the connection: it must not greet a second time.
    await new Promise((r) => setTimeout(r, 300));
    socket.end('QUIT\r\n');
    expect(greetedAt - connectedAt).toBeLessThan(100);
    expect(received.match(/^220 /gm)).toHaveLength(1);
  });
});
