import type { TestWorkflowEnvironment } from '@temporalio/testing';
import proto from '@temporalio/proto';
import net from 'node:net';
import zlib from 'node:zlib';

const { temporal } = proto;
const STICKY = temporal.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_STICKY;
const RESET_STICKY = temporal.api.enums.v1.WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_RESET_STICKY_TASK_QUEUE;
const HTTP2_PREFACE = 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n';

/**
 * Lets a worker be replaced on the time-skipping test server, as the real server allows.
 *
 * A worker with a cache asks the server to send a workflow's next task to its own sticky queue. When that worker is
 * gone, the real server moves such a task to the normal queue after the sticky schedule-to-start timeout; the
 * time-skipping server never does, nor implements ResetStickyTaskQueue, so the workflow would wait forever. Workers
 * connect through this relay, which reads the sticky queue names from their polls (the gRPC traffic, decoded). Once a
 * worker is gone, `retire()` takes over its sticky queues: whatever task the server puts there is answered "reset
 * sticky queue" (a failed workflow task, as a worker answers a task it no longer has cached), and the server then
 * schedules it again on the normal queue, where the live worker takes it.
 */
export class StickyQueueRelay {
  /** Sticky queues seen in polls and not yet retired. */
  private readonly live = new Set<string>();
  private readonly retired = new Set<string>();
  private stopped = false;
  /** Tasks answered on retired queues. */
  released = 0;

  private server: net.Server | undefined;
  /** Where workers connect instead of the test server. */
  address = '';

  private constructor(
    private readonly env: TestWorkflowEnvironment,
    private readonly taskQueue: string,
  ) {}

  static async start(env: TestWorkflowEnvironment, taskQueue: string): Promise<StickyQueueRelay> {
    const relay = new StickyQueueRelay(env, taskQueue);
    const [host, port] = splitAddress(env.address);
    const server = net.createServer((client) => {
      const upstream = net.connect(port, host);
      const reader = new Http2GrpcReader((message) => relay.notice(message));
      client.on('data', (chunk: Buffer) => reader.push(chunk));
      client.pipe(upstream);
      upstream.pipe(client);
      client.on('error', () => upstream.destroy());
      upstream.on('error', () => client.destroy());
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    relay.server = server;
    relay.address = `127.0.0.1:${(server.address() as net.AddressInfo).port}`;
    return relay;
  }

  /** The workers that used this relay so far are gone: their sticky queues are released from now on. */
  retire(): void {
    for (const name of this.live) {
      this.live.delete(name);
      this.retired.add(name);
      void this.release(name);
    }
  }

  /** Stops relaying; polls on retired queues end with the server. */
  close(): void {
    this.stopped = true;
    this.server?.close();
  }

  private notice(message: Buffer): void {
    let poll: proto.temporal.api.workflowservice.v1.PollWorkflowTaskQueueRequest;
    try {
      poll = temporal.api.workflowservice.v1.PollWorkflowTaskQueueRequest.decode(message);
    } catch {
      return; // another request
    }
    const queue = poll.taskQueue;
    if (queue?.kind !== STICKY || queue.normalName !== this.taskQueue || !queue.name) return;
    if (!this.retired.has(queue.name)) this.live.add(queue.name);
  }

  private async release(name: string): Promise<void> {
    const service = this.env.client.workflowService;
    const namespace = this.env.namespace ?? 'default';
    const identity = 'sticky-queue-relay';
    while (!this.stopped) {
      try {
        const task = await service.pollWorkflowTaskQueue({
          namespace,
          identity,
          taskQueue: { name, kind: STICKY, normalName: this.taskQueue },
        });
        if (!task.taskToken?.length) continue;
        await service.respondWorkflowTaskFailed({
          namespace,
          identity,
          taskToken: task.taskToken,
          cause: RESET_STICKY,
        });
        this.released += 1;
      } catch {
        if (this.stopped) return;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  }
}

function splitAddress(address: string): [string, number] {
  const at = address.lastIndexOf(':');
  return [address.slice(0, at), Number(address.slice(at + 1))];
}

/** The gRPC messages a client sends over one HTTP/2 connection (prior knowledge, no TLS), gzip undone. */
class Http2GrpcReader {
  private buffer = Buffer.alloc(0);
  private prefaceSeen = false;
  private readonly streams = new Map<number, Buffer>();

  constructor(private readonly onMessage: (message: Buffer) => void) {}

  push(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    if (!this.prefaceSeen) {
      if (this.buffer.length < HTTP2_PREFACE.length) return;
      this.buffer = this.buffer.subarray(HTTP2_PREFACE.length);
      this.prefaceSeen = true;
    }
    while (this.buffer.length >= 9) {
      const length = this.buffer.readUIntBE(0, 3);
      if (this.buffer.length < 9 + length) return;
      const type = this.buffer[3]!;
      const flags = this.buffer[4]!;
      const stream = this.buffer.readUInt32BE(5) & 0x7fffffff;
      let payload = this.buffer.subarray(9, 9 + length);
      this.buffer = this.buffer.subarray(9 + length);
      if (type !== 0) continue; // DATA frames carry the messages
      if (flags & 0x8) payload = payload.subarray(1, payload.length - payload[0]!); // padded
      this.data(stream, payload);
      if (flags & 0x1) this.streams.delete(stream); // end of stream
    }
  }

  private data(stream: number, payload: Buffer): void {
    let pending = Buffer.concat([this.streams.get(stream) ?? Buffer.alloc(0), payload]);
    while (pending.length >= 5) {
      const size = pending.readUInt32BE(1);
      if (pending.length < 5 + size) break;
      const message = pending.subarray(5, 5 + size);
      try {
        this.onMessage(pending[0] === 1 ? zlib.gunzipSync(message) : Buffer.from(message));
      } catch {
        // not a message this reader can read
      }
      pending = pending.subarray(5 + size);
    }
    this.streams.set(stream, pending);
  }
}
