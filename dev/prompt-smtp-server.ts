import { SMTPServer } from 'smtp-server';

/**
 * smtp-server holding back its greeting 100 ms is a check against spam clients that talk before they are greeted;
 * a catcher on loopback has none, and every message it receives on a connection of its own would pay it (the
 * product's mailer opens one per message): at 5 at a time, 50 mails a second at most. This server greets at once.
 * `test/mail/catcher.test.ts` checks it, so that an upgrade of smtp-server that changes this is noticed.
 */
export class PromptSMTPServer extends SMTPServer {
  override connect(...args: Parameters<SMTPServer['connect']>): void {
    const before = new Set(this.connections);
    super.connect(...args);
    for (const connection of this.connections) {
      // A TLS connection is greeted once its handshake is done; a server with a client limit may refuse instead.
      if (before.has(connection) || this.options.secure || this.options.maxClients) continue;
      const ready = connection.connectionReady.bind(connection);
      let greeted = false;
      // The library's own timer still calls it 100 ms later: only the first call greets.
      connection.connectionReady = (next) => {
        if (greeted) return;
        greeted = true;
        ready(next);
      };
      connection.connectionReady();
    }
  }
}
