import filenamify from 'filenamify';

/** Extensions Chromium's downloads API refuses outright (shell-integrated on Windows), and CLSID extensions. */
const refusedExtension = /\.(lnk|local|scf|url|\{[^}]*\})$/i;

/** Longest segment we write: well under every file system's 255-byte limit, even in Cyrillic (2 bytes a letter). */
export const maxSegmentLength = 100;
/** File systems count bytes (UTF-8 on Linux and macOS), not letters: the same bound, in bytes. */
export const maxSegmentBytes = 200;
/** What counts as an extension worth keeping when a name is shortened: a dot and a few letters or digits. */
const extensionPattern = /\.[\p{L}\p{N}_-]{1,15}$/u;

const utf8 = new TextEncoder();

/** Cuts a name to `maxSegmentBytes` of UTF-8, whole characters only, keeping a short extension. */
function capBytes(name: string): string {
  if (utf8.encode(name).length <= maxSegmentBytes) return name;
  const extension = extensionPattern.exec(name)?.[0] ?? '';
  const room = maxSegmentBytes - utf8.encode(extension).length;
  let stem = '';
  let used = 0;
  for (const char of name.slice(0, name.length - extension.length)) {
    const bytes = utf8.encode(char).length;
    if (used + bytes > room) break;
    stem += char;
    used += bytes;
  }
  return `${stem.trimEnd()}${extension}`;
}

/**
 * One path segment (a folder or a file name) that Windows, macOS, Linux and Chromium's downloads API all accept:
 * no reserved or control characters, no reserved device names, no leading or trailing dots and spaces, bounded
 * length (in letters and in bytes) with a short extension kept, never empty.
 */
export function safeSegment(name: string, fallback = 'file'): string {
  let safe = capBytes(filenamify(name.normalize('NFC'), { replacement: '_', maxLength: maxSegmentLength }));
  // Chromium trims leading dots and then refuses the name as unsafe.
  safe = safe.replace(/^[.\s]+/, '');
  if (refusedExtension.test(safe)) safe = `${safe}_`;
  // Nothing left of the name but placeholders: say so plainly.
  return /^[_\s]*$/.test(safe) ? fallback : safe;
}
