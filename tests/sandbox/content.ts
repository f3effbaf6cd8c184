import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';

/** File bytes held by the sandbox: small literal bytes, a large file generated on the fly, or an upload on disk. */
export type Content =
  | { kind: 'bytes'; bytes: Buffer }
  | { kind: 'generated'; seed: string; size: number }
  /** An upload on disk; `md5` was computed as it arrived, as a real service stores it once. */
  | { kind: 'disk'; path: string; size: number; md5?: string };

export function contentSize(content: Content): number {
  return content.kind === 'bytes' ? content.bytes.length : content.size;
}

const blockSize = 64 * 1024;
const blockCache = new Map<string, Buffer>();

/** 64 KiB of pseudo-random bytes derived from the seed; generated files repeat it, shifted per block. */
function seedBlock(seed: string): Buffer {
  let block = blockCache.get(seed);
  if (!block) {
    const parts: Buffer[] = [];
    for (let i = 0; i < blockSize / 32; i++) parts.push(createHash('sha256').update(`${seed}:${i}`).digest());
    block = Buffer.concat(parts);
    blockCache.set(seed, block);
  }
  return block;
}

/** The generated file's bytes as a stream: deterministic, so tests can recompute any hash. */
export function generatedStream(seed: string, size: number): Readable {
  const block = seedBlock(seed);
  let offset = 0;
  return new Readable({
    read() {
      if (offset >= size) {
        this.push(null);
        return;
      }
      const index = Math.floor(offset / blockSize);
      const chunk = Buffer.allocUnsafe(Math.min(blockSize, size - offset));
      block.copy(chunk, 0, 0, chunk.length);
      if (chunk.length >= 4) chunk.writeUInt32BE(index >>> 0, 0);
      offset += chunk.length;
      this.push(chunk);
    },
  });
}

export function contentStream(content: Content): Readable {
  switch (content.kind) {
    case 'bytes':
      return Readable.from([content.bytes]);
    case 'generated':
      return generatedStream(content.seed, content.size);
    case 'disk':
      return content.size === 0 ? Readable.from([]) : createReadStream(content.path);
  }
}

export async function hashContent(content: Content, algorithm: 'md5' | 'sha256'): Promise<string> {
  if (algorithm === 'md5' && content.kind === 'disk' && content.md5) return content.md5;
  const hash = createHash(algorithm);
  for await (const chunk of contentStream(content)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export function textContent(text: string): Content {
  return { kind: 'bytes', bytes: Buffer.from(text, 'utf8') };
}
