import { BufferPool } from './buffer-pool';

/**
 * Memory that pieces are copied into and that comes back once a piece is written, so a ZIP of any size reuses the
 * same few buffers. Copies made fresh for each piece were garbage the collector took late: a 5 GiB ZIP held 534 MiB
 * in the extension's process against about 200 MiB for 306 MiB. How many pieces are out at once is up to the
 * consumer (client-zip's streams queue one or two); the pool grows to that and stays.
 */
export class PiecePool {
  private readonly buffers: BufferPool;
  private readonly owned = new WeakSet<ArrayBuffer>();
  private buffersMade = 0;

  constructor(private readonly bufferBytes: number) {
    this.buffers = new BufferPool(bufferBytes);
  }

  /** A copy of `piece` in pooled memory, valid until it is given back. */
  copy(piece: Uint8Array): Uint8Array<ArrayBuffer> {
    if (piece.length > this.bufferBytes) return piece.slice();
    const buffer = this.buffers.take();
    if (!this.owned.has(buffer)) {
      this.owned.add(buffer);
      this.buffersMade++;
    }
    const copied = new Uint8Array(buffer, 0, piece.length);
    copied.set(piece);
    return copied;
  }

  /** Takes back the memory of a piece it copied, once nothing reads it any more; anything else is ignored. */
  giveBack(piece: Uint8Array): void {
    const buffer = piece.buffer;
    if (buffer instanceof ArrayBuffer && this.owned.has(buffer) && !this.buffers.isFree(buffer))
      this.buffers.give(buffer);
  }

  /** How many buffers it has made: how many pieces were out at once, at most. */
  get made(): number {
    return this.buffersMade;
  }
}
