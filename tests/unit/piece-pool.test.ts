import { describe, expect, it } from 'vitest';
import { PiecePool } from '../../lib/offscreen/piece-pool';

describe('PiecePool', () => {
  it('copies a piece and reuses its memory once it is given back', () => {
    const pool = new PiecePool(8);
    const source = Uint8Array.of(1, 2, 3);
    const first = pool.copy(source);
    expect([...first]).toEqual([1, 2, 3]);
    source[0] = 9;
    expect(first[0]).toBe(1);
    pool.giveBack(first);
    const second = pool.copy(Uint8Array.of(4, 5));
    expect(second.buffer).toBe(first.buffer);
    expect([...second]).toEqual([4, 5]);
    expect(pool.made).toBe(1);
  });

  it('makes new memory while pieces are out, and never hands out one twice', () => {
    const pool = new PiecePool(8);
    const out = [pool.copy(Uint8Array.of(1)), pool.copy(Uint8Array.of(2)), pool.copy(Uint8Array.of(3))];
    expect(new Set(out.map((piece) => piece.buffer)).size).toBe(3);
    for (const piece of out) pool.giveBack(piece);
    pool.giveBack(out[0] as Uint8Array);
    const again = [pool.copy(Uint8Array.of(4)), pool.copy(Uint8Array.of(5)), pool.copy(Uint8Array.of(6))];
    expect(new Set(again.map((piece) => piece.buffer)).size).toBe(3);
    expect(pool.made).toBe(3);
    expect([...(again[0] as Uint8Array)]).toEqual([4]);
  });

  it('ignores memory it did not make, and copies a piece larger than its buffers on its own', () => {
    const pool = new PiecePool(4);
    pool.giveBack(new Uint8Array(4));
    const large = pool.copy(Uint8Array.of(1, 2, 3, 4, 5));
    expect([...large]).toEqual([1, 2, 3, 4, 5]);
    pool.giveBack(large);
    expect(pool.made).toBe(0);
    pool.copy(Uint8Array.of(1));
    expect(pool.made).toBe(1);
  });
});
