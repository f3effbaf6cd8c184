import { AppError } from '../errors';
import { Wakeup } from './wakeup';
import type { PieceMessage, ReturnedBuffer } from './zip-pieces-protocol';

/** One entry as it arrives: its name and date, then its bytes, piece by piece. */
export interface ReceivedEntry {
  path: string;
  modified: number;
  pieces: AsyncGenerator<Uint8Array<ArrayBuffer>>;
}

/** The port's messages in order, waited for one at a time; an abort ends the wait as `cancelled`. */
class Inbox {
  private readonly arrived: PieceMessage[] = [];
  private readonly came: Wakeup;

  constructor(
    port: MessagePort,
    private readonly signal: AbortSignal,
  ) {
    this.came = new Wakeup(signal);
    port.onmessage = (event: MessageEvent<PieceMessage>) => {
      this.arrived.push(event.data);
      this.came.ring();
    };
  }

  /** The next message, left in place. */
  async peek(): Promise<PieceMessage> {
    while (this.arrived.length === 0 && !this.signal.aborted) await this.came.next();
    if (this.signal.aborted) throw new AppError('cancelled');
    const next = this.arrived[0] as PieceMessage;
    if (next.kind === 'failed') throw new AppError(next.error.kind, next.error.details);
    return next;
  }

  take(): void {
    this.arrived.shift();
  }
}

/**
 * The writing half's view of what zip-send.ts sends over `port`: the entries in order, each one's pieces in
 * memory that came across. `giveBack` returns a piece's memory once it is written (the piece is unusable after).
 * A failure sent by the other side, or an abort, is thrown where the reader waits, as an AppError.
 */
export function receiveEntries(
  port: MessagePort,
  signal: AbortSignal,
): { entries: AsyncGenerator<ReceivedEntry>; giveBack: (piece: Uint8Array) => void } {
  const inbox = new Inbox(port, signal);
  const received = new WeakSet<ArrayBuffer>();
  async function* pieces(): AsyncGenerator<Uint8Array<ArrayBuffer>> {
    for (let next = await inbox.peek(); next.kind === 'piece'; next = await inbox.peek()) {
      inbox.take();
      received.add(next.bytes.buffer);
      yield next.bytes;
    }
  }
  async function* entries(): AsyncGenerator<ReceivedEntry> {
    for (let next = await inbox.peek(); next.kind !== 'end'; next = await inbox.peek()) {
      inbox.take();
      if (next.kind !== 'entry') throw new AppError('unexpected', { detail: `ZIP piece out of order: ${next.kind}` });
      yield { path: next.path, modified: next.modified, pieces: pieces() };
    }
  }
  return {
    entries: entries(),
    giveBack(piece) {
      const buffer = piece.buffer;
      if (!(buffer instanceof ArrayBuffer) || !received.has(buffer)) return;
      received.delete(buffer);
      port.postMessage({ kind: 'buffer', buffer } satisfies ReturnedBuffer, [buffer]);
    },
  };
}
