import { parse } from '@tinyhttp/content-disposition';
import mime from 'mime/lite';
import { safeSegment } from '../downloads/safe-name';

function fromDisposition(header: string | null): string | undefined {
  if (!header) return undefined;
  try {
    const name = parse(header).parameters.filename;
    return typeof name === 'string' && name.trim() ? name : undefined;
  } catch {
    return undefined;
  }
}

function fromPath(url: string): string | undefined {
  try {
    const { protocol, pathname } = new URL(url);
    if (protocol !== 'http:' && protocol !== 'https:') return undefined;
    const last = pathname.split('/').filter(Boolean).at(-1);
    return last ? decodeURIComponent(last) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The name a fetched resource is attached under: the server's Content-Disposition, else the last part of the URL
 * path, else `file` with the extension of its MIME type; made safe, since it comes from any web page.
 */
export function resourceName(url: string, contentDisposition: string | null, mimeType: string): string {
  const extension = mime.getExtension(mimeType.split(';')[0]?.trim() ?? '');
  const named = fromDisposition(contentDisposition) ?? fromPath(url);
  const name = named && (named.includes('.') || !extension) ? named : `${named ?? 'file'}.${extension ?? 'bin'}`;
  return safeSegment(name, `file.${extension ?? 'bin'}`);
}

/** A name we make ourselves (a screenshot, a link file): the base made safe, then the extension. */
export function namedFile(base: string, extension: string): string {
  return `${safeSegment(base, 'file')}.${extension}`;
}
