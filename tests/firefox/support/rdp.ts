import { connect, type Socket } from 'node:net';

/** One packet of Firefox's remote debugging protocol: JSON, from or to an actor. */
export type Packet = Record<string, unknown> & { from?: string; type?: string; error?: string; message?: string };

/**
 * A client of Firefox's DevTools remote debugging protocol (the one about:debugging speaks), over the TCP server
 * `--start-debugger-server <port>` opens. Each packet is `<byte length>:<JSON>`. A request to an actor gets one
 * reply from it, in order; packets that carry a `type` are events. WebDriver BiDi cannot reach extension pages;
 * this protocol can, as about:debugging does.
 */
export class DebuggerClient {
  private buffer = Buffer.alloc(0);
  private readonly pending = new Map<string, { resolve: (packet: Packet) => void; reject: (error: Error) => void }[]>();
  private readonly listeners = new Set<(packet: Packet) => void>();
  private closed = false;

  private constructor(private readonly socket: Socket) {
    socket.on('data', (data: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, data]);
      this.drain();
    });
    socket.on('close', () => {
      this.closed = true;
      for (const waiting of this.pending.values())
        for (const { reject } of waiting) reject(new Error('debugger connection closed'));
      this.pending.clear();
    });
  }

  /** Connects, retrying while Firefox is still starting its server, and waits for the root actor's greeting. */
  static async connect(port: number, timeoutMs = 15_000): Promise<DebuggerClient> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        const socket = await new Promise<Socket>((resolve, reject) => {
          const attempt = connect(port, '127.0.0.1', () => resolve(attempt));
          attempt.once('error', reject);
        });
        const client = new DebuggerClient(socket);
        await client.nextEvent((packet) => packet.from === 'root' && 'applicationType' in packet, timeoutMs);
        return client;
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
  }

  private drain(): void {
    for (;;) {
      const colon = this.buffer.indexOf(':');
      if (colon < 0) return;
      const length = Number(this.buffer.subarray(0, colon).toString('ascii'));
      const end = colon + 1 + length;
      if (this.buffer.length < end) return;
      const packet = JSON.parse(this.buffer.subarray(colon + 1, end).toString('utf8')) as Packet;
      this.buffer = this.buffer.subarray(end);
      this.dispatch(packet);
    }
  }

  private dispatch(packet: Packet): void {
    const isEvent = typeof packet.type === 'string' || (packet.from === 'root' && 'applicationType' in packet);
    if (!isEvent && packet.from) {
      const waiting = this.pending.get(packet.from)?.shift();
      if (waiting) {
        if (packet.error) waiting.reject(new Error(`${packet.from}: ${packet.error} ${packet.message ?? ''}`));
        else waiting.resolve(packet);
        return;
      }
    }
    for (const listener of this.listeners) listener(packet);
  }

  request(to: string, type: string, parameters: Record<string, unknown> = {}): Promise<Packet> {
    if (this.closed) return Promise.reject(new Error('debugger connection closed'));
    const body = Buffer.from(JSON.stringify({ to, type, ...parameters }), 'utf8');
    return new Promise((resolve, reject) => {
      const waiting = this.pending.get(to) ?? [];
      waiting.push({ resolve, reject });
      this.pending.set(to, waiting);
      this.socket.write(Buffer.concat([Buffer.from(`${body.length}:`, 'ascii'), body]));
    });
  }

  onEvent(listener: (packet: Packet) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The next event that matches, within the timeout. */
  nextEvent(matches: (packet: Packet) => boolean, timeoutMs: number): Promise<Packet> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        stop();
        reject(new Error(`no matching debugger event within ${timeoutMs} ms`));
      }, timeoutMs);
      const stop = this.onEvent((packet) => {
        if (!matches(packet)) return;
        clearTimeout(timer);
        stop();
        resolve(packet);
      });
    });
  }

  close(): void {
    this.socket.destroy();
  }
}
