import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { blobMd5 } from '../../lib/files/blob-md5';

const MiB = 1024 * 1024;

describe('blobMd5', () => {
  it.each([0, 1, 8 * MiB - 1, 8 * MiB, 8 * MiB + 1, 20 * MiB + 7])(
    'hashes %i bytes as node:crypto does',
    async (size) => {
      const bytes = randomBytes(size);
      expect(await blobMd5(new Blob([bytes]))).toBe(createHash('md5').update(bytes).digest('hex'));
    },
  );

  it('hashes a Blob whose stream is not a byte stream', async () => {
    const bytes = randomBytes(3 * MiB + 5);
    const halves = [bytes.subarray(0, MiB), bytes.subarray(MiB)];
    class PlainStreamBlob extends Blob {
      override stream(): ReadableStream<Uint8Array<ArrayBuffer>> {
        return new ReadableStream({
          start(controller) {
            for (const half of halves) controller.enqueue(new Uint8Array(half));
            controller.close();
          },
        });
      }
    }
    expect(await blobMd5(new PlainStreamBlob([bytes]))).toBe(createHash('md5').update(bytes).digest('hex'));
  });

  it('reads the rest as slices when the byte stream stops delivering', async () => {
    const bytes = randomBytes(9 * MiB + 11);
    class StallingBlob extends Blob {
      override stream(): ReadableStream<Uint8Array<ArrayBuffer>> {
        let delivered = false;
        return new ReadableStream({
          type: 'bytes',
          pull(controller) {
            if (delivered) return new Promise<void>(() => undefined);
            delivered = true;
            controller.enqueue(new Uint8Array(bytes.subarray(0, MiB + 3)));
          },
        });
      }
    }
    expect(await blobMd5(new StallingBlob([bytes]), { stallMs: 50 })).toBe(
      createHash('md5').update(bytes).digest('hex'),
    );
  });

  it('stops when the signal is aborted', async () => {
    const controller = new AbortController();
    controller.abort(new Error('cancelled'));
    await expect(blobMd5(new Blob([randomBytes(9 * MiB)]), { signal: controller.signal })).rejects.toThrow('cancelled');
  });
});
