import { parse } from '@tinyhttp/content-disposition';
import mime from 'mime/lite';
import { safeSegment } from '../downloads/safe-name';

/**
 * The parts of a Content-Disposition header between semicolons: runs of anything but `;` and `"`, and quoted
 * strings (`;` inside them kept, the closing quote possibly missing). Empty parts yield nothing.
 */
const headerPart = /(?:"(?:\\.|[^"\\])*"?|[^;"])+/g;
/** The text of a quoted string, up to its closing quote or the end. */
const quotedText = /^"((?:\\.|[^"\\])*)/s;
const quotedPair = /\\(.)/gs;
/** One byte (one character of a ByteString) at or above 0x80. */
const highByte = /[\x80-\xff]/;
/** A character that cannot be one byte: over U+00FF (surrogates included, so astral characters too). */
const wideChar = /[\u0100-\uffff]/;
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The parameters of a Content-Disposition header read as browsers read them rather than by RFC 6266's grammar:
 * split at `;` outside quotes (so `filename=a.pdf;` with a trailing `;` is fine), an unquoted value taken whole up
 * to the next `;`, spaces and all (`filename=my report.pdf`), names case-insensitive, the first of each name kept.
 * Values are raw: quotes are still there. This is what Chromium's HttpContentDisposition does with the tc2231 cases
 * attwithasciifilenamenqs, attwithasciifilenamenqws and attwith2filenames (net/http/http_content_disposition*.cc).
 */
function dispositionParameters(header: string): Map<string, string> {
  const parameters = new Map<string, string>();
  for (const [part] of header.matchAll(headerPart)) {
    const equals = part.indexOf('=');
    if (equals < 0) continue; // The disposition type, or junk.
    const name = part.slice(0, equals).trim().toLowerCase();
    if (name && !parameters.has(name)) parameters.set(name, part.slice(equals + 1).trim());
  }
  return parameters;
}

/**
 * A `filename*` value (RFC 8187: `UTF-8''%D0%9E…`) decoded by the maintained parser, given it alone; undefined if
 * it is not a valid one (then browsers use `filename`).
 */
function extendedValue(value: string | undefined): string | undefined {
  if (!value) return undefined;
  try {
    const name = parse(`attachment; filename*=${value}`).parameters.filename;
    return typeof name === 'string' ? name : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A plain `filename` value as sent. Headers.get() hands header bytes over one character a byte (a ByteString, that
 * is Latin-1), and many servers send the name as raw UTF-8 (`filename="Отчёт.pdf"`), which browsers accept: such
 * bytes are read as UTF-8 when they are valid UTF-8, else kept as Latin-1.
 */
function plainValue(value: string | undefined): string {
  const text = value?.startsWith('"') ? (quotedText.exec(value)?.[1] ?? '').replace(quotedPair, '$1') : (value ?? '');
  if (!highByte.test(text) || wideChar.test(text)) return text;
  try {
    return strictUtf8.decode(Uint8Array.from(text, (char) => char.charCodeAt(0)));
  } catch {
    return text;
  }
}

/** The name a Content-Disposition header gives: a valid `filename*` first, else `filename`. */
function fromDisposition(header: string | null): string | undefined {
  if (!header) return undefined;
  const parameters = dispositionParameters(header);
  const name = extendedValue(parameters.get('filename*')) || plainValue(parameters.get('filename'));
  return name.trim() ? name : undefined;
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
 * A name taken from a URL with a query (`download.php?id=5`) is the name of the script that made the file, not of
 * the file: its extension gives way to the MIME type's when the type has one and it is not among the type's own
 * (`photo.jpeg` stays for image/jpeg) nor the generic application/octet-stream. Chromium does the same for the URL's
 * name (GetFileNameFromURL's should_overwrite_extension, net/base/filename_util_internal.cc); without a query the
 * name is a file's own and kept, as a static `report.docx` served as application/zip is still a .docx.
 */
function typedUrlName(name: string, url: string, type: string, extension: string | null): string {
  const dot = name.lastIndexOf('.');
  if (dot <= 0 || !extension || type === 'application/octet-stream') return name;
  if (!url.split('#', 1)[0]?.includes('?')) return name;
  if (mime.getAllExtensions(type)?.has(name.slice(dot + 1).toLowerCase())) return name;
  return `${name.slice(0, dot)}.${extension}`;
}

/**
 * The name a fetched resource is attached under: the server's Content-Disposition, else the last part of the URL
 * path (its extension set by the MIME type when the URL is a script's), else `file` with the extension of its MIME
 * type; made safe, since it comes from any web page.
 */
export function resourceName(url: string, contentDisposition: string | null, mimeType: string): string {
  const type = mimeType.split(';')[0]?.trim().toLowerCase() ?? '';
  const extension = mime.getExtension(type);
  const fromUrl = (name: string | undefined) => name && typedUrlName(name, url, type, extension);
  const named = fromDisposition(contentDisposition) ?? fromUrl(fromPath(url));
  const name = named && (named.includes('.') || !extension) ? named : `${named || 'file'}.${extension ?? 'bin'}`;
  return safeSegment(name, `file.${extension ?? 'bin'}`);
}

/** A name we make ourselves (a screenshot, a link file): the base made safe, then the extension. */
export function namedFile(base: string, extension: string): string {
  return `${safeSegment(base, 'file')}.${extension}`;
}
