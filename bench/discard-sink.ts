/**
 * A minimal SMTP server that answers every command at once and keeps nothing: the fastest a relay on loopback can
 * answer, so that the fan-out can be compared with the physical limit and not only with the mail catcher, which
 * parses and stores each message. Not smtp-server: that library holds every greeting back 100 ms (its check for
 * clients that talk too early), which alone caps one-connection-per-message sending at 50 mails a second.
 */
import net, { type AddressInfo } from 'node:net';

const END_OF_DATA = '\r\n.\r\n';

export class DiscardSink {
  accepted = 0;

  private constructor(private readonly server: net.Server) {}

  static async start(): Promise<DiscardSink> {
    const sink: { current?: DiscardSink } = {};
    const server = net.createServer((socket) => {
      socket.setNoDelay(true);
      socket.on('error', () => undefined);
      let inData = false;
      let pending = '';
      socket.write('220 discard sink\r\n');
      socket.on('data', (chunk: Buffer) => {
        pending += chunk.toString('latin1');
        for (;;) {
          if (inData) {
            const end = pending.indexOf(END_OF_DATA);
            if (end === -1) {
              pending = pending.slice(-4); // enough to find a mark split across chunks
              return;
            }
            pending = pending.slice(end + END_OF_DATA.length);
            inData = false;
            sink.current!.accepted += 1;
            socket.write('250 discarded\r\n');
            continue;
          }
          const lineEnd = pending.indexOf('\r\n');
          if (lineEnd === -1) return;
          const command = pending.slice(0, lineEnd).slice(0, 4).toUpperCase();
          pending = pending.slice(lineEnd + 2);
          if (command === 'EHLO') socket.write('250-discard sink\r\n250 8BITMIME\r\n');
          else if (command === 'DATA') {
            inData = true;
            pending = `\r\n${pending}`; // a message may be empty: its mark then follows at once
            socket.write('354 go ahead\r\n');
          } else if (command === 'QUIT') socket.end('221 bye\r\n');
          else socket.write('250 ok\r\n');
        }
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    sink.current = new DiscardSink(server);
    return sink.current;
  }

  get url(): string {
    const { port } = this.server.address() as AddressInfo;
    return `smtp://127.0.0.1:${port}`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
