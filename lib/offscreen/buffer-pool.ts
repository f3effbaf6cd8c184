/** Buffers of one size, handed out and taken back, so memory is allocated once and used again. */
export class BufferPool {
  private readonly free: ArrayBuffer[];

  constructor(
    private readonly bytes: number,
    allocatedAtOnce = 0,
  ) {
    this.free = Array.from({ length: allocatedAtOnce }, () => new ArrayBuffer(bytes));
  }

  /** A free buffer, or a new one when none is free. */
  take(): ArrayBuffer {
    return this.free.pop() ?? new ArrayBuffer(this.bytes);
  }

  give(buffer: ArrayBuffer): void {
    this.free.push(buffer);
  }
}
