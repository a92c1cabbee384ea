import { localDateOf } from '../domain/index.js';
import type { ProgressEvent } from './run.js';

/**
 * The progress line on stderr: rewritten in place with \r on a terminal, one line per simulated month
 * otherwise (CI logs, pipes).
 */
export function createProgress(
  stream: NodeJS.WriteStream,
  timeZone: string,
): { update(event: ProgressEvent): void; done(): void } {
  const tty = stream.isTTY === true;
  let lastKey = '';
  let lastLine = '';
  let width = 0;
  return {
    update(event) {
      const date = localDateOf(event.simulatedMs, timeZone);
      const what = event.stage === 'finishing' ? 'finishing (escalations run out)' : 'running';
      const line = `simulated ${date} · ${event.mails} mails · ${what}`;
      if (tty) {
        if (line === lastLine) return;
        lastLine = line;
        stream.write(`\r${line.padEnd(width)}`);
        width = Math.max(width, line.length);
      } else if (`${date.slice(0, 7)} ${event.stage}` !== lastKey) {
        lastKey = `${date.slice(0, 7)} ${event.stage}`;
        stream.write(`${line}\n`);
      }
    },
    done() {
      if (tty && lastLine) stream.write('\n');
    },
  };
}
