import filenamify from 'filenamify';

/** Extensions Chromium's downloads API refuses outright (shell-integrated on Windows), and CLSID extensions. */
const refusedExtension = /\.(lnk|local|scf|url|\{[^}]*\})$/i;

/** Longest segment we write: well under every file system's 255-byte limit, even in Cyrillic (2 bytes a letter). */
export const maxSegmentLength = 100;

/**
 * One path segment (a folder or a file name) that Windows, macOS, Linux and Chromium's downloads API all accept:
 * no reserved or control characters, no reserved device names, no leading or trailing dots and spaces, bounded
 * length with the extension kept, never empty.
 */
export function safeSegment(name: string, fallback = 'file'): string {
  let safe = filenamify(name.normalize('NFC'), { replacement: '_', maxLength: maxSegmentLength });
  // Chromium trims leading dots and then refuses the name as unsafe.
  safe = safe.replace(/^[.\s]+/, '');
  if (refusedExtension.test(safe)) safe = `${safe}_`;
  // Nothing left of the name but placeholders: say so plainly.
  return /^[_\s]*$/.test(safe) ? fallback : safe;
}
