/** Base64 of bytes, converted in slices so no argument list or intermediate string grows with the input. */
export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let offset = 0; offset < bytes.length; offset += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(offset, offset + 0x8000));
  }
  return btoa(binary);
}

/** A multiple of 3 bytes, so each slice encodes without padding and the pieces join into one valid base64 text. */
const sliceBytes = 3 * 256 * 1024;

/** `head`, the file as base64, `tail`: one Blob built slice by slice, never the whole file as one string. */
export async function blobWithBase64(head: string, file: Blob, tail: string, signal?: AbortSignal): Promise<Blob> {
  const parts: BlobPart[] = [head];
  for (let offset = 0; offset < file.size; offset += sliceBytes) {
    signal?.throwIfAborted();
    const slice = new Uint8Array(await file.slice(offset, offset + sliceBytes).arrayBuffer());
    parts.push(bytesToBase64(slice));
  }
  parts.push(tail);
  return new Blob(parts, { type: 'application/xml' });
}
