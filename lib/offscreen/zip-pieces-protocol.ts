import type { SerializedError } from '../errors';

/**
 * What the fetching side (zip-send.ts) tells the writing side (zip-receive.ts) over a MessagePort, in order: each
 * entry, then its bytes in pieces whose memory moves across (transferred, not copied), then the end or a failure.
 */
export type PieceMessage =
  | { kind: 'entry'; path: string; modified: number }
  | { kind: 'piece'; bytes: Uint8Array<ArrayBuffer> }
  | { kind: 'end' }
  | { kind: 'failed'; error: SerializedError };

/** The writing side gives each piece's memory back once written, to be filled again. */
export interface ReturnedBuffer {
  kind: 'buffer';
  buffer: ArrayBuffer;
}
