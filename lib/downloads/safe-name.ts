import filenamify from 'filenamify';

/** Extensions Chromium's downloads API refuses outright (shell-integrated on Windows), and CLSID extensions. */
const refusedExtension = /\.(lnk|local|scf|url|\{[^}]*\})$/i;
/**
 * What Chromium refuses anywhere in a name (base::i18n::IsFilenameLegal) and filenamify keeps: noncharacters
 * (U+FDD0-U+FDEF and U+xFFFE/U+xFFFF in every plane) and the zero-width joiner (a Cf character, kept by filenamify
 * for emoji).
 */
const illegalAnywhere = /[\p{Noncharacter_Code_Point}\u200D]/gu;
/** IsFilenameLegal also refuses white space, dots and tildes at either end (`~$report.docx`, `report.txt~`). */
const illegalAtEnds = /^[\p{White_Space}.~]+|[\p{White_Space}.~]+$/gu;
/**
 * Chromium's IsReservedNameOnWindows (net/base/filename_util.cc), case-insensitive: a device name before the first
 * dot (filenamify knows all but `clock$`, but trimming the ends can uncover any of them: `~con.txt`), or the whole
 * of a shell name. Also what Windows itself takes for a device and Chromium lets through ("Naming Files, Paths, and
 * Namespaces"): one followed by spaces before its extension (`nul .txt`), COM and LPT with a superscript digit, and
 * the console's `conin$` and `conout$`.
 */
const reservedName =
  /^(con|prn|aux|nul|com[\d¹²³]|lpt[\d¹²³]|conin\$|conout\$|clock\$)[\p{White_Space}]*(\.|$)|^(desktop\.ini|thumbs\.db)$/iu;

/** Longest segment we write: well under every file system's 255-byte limit, even in Cyrillic (2 bytes a letter). */
export const maxSegmentLength = 100;
/** File systems count bytes (UTF-8 on Linux and macOS), not letters: the same bound, in bytes. */
export const maxSegmentBytes = 200;
/** What counts as an extension worth keeping when a name is shortened: a dot and a few letters or digits. */
const extensionPattern = /\.[\p{L}\p{N}_-]{1,15}$/u;

const utf8 = new TextEncoder();

/**
 * Cuts a name to `maxSegmentLength` characters and `maxSegmentBytes` of UTF-8, whole characters only, keeping a short
 * extension. Not filenamify's own shortening: it keeps all after the last dot, however long, so `123 Release v2.0
 * <a long title>` lost the task id and began with `.0`.
 */
function capLength(name: string): string {
  if ([...name].length <= maxSegmentLength && utf8.encode(name).length <= maxSegmentBytes) return name;
  const extension = extensionPattern.exec(name)?.[0] ?? '';
  const roomBytes = maxSegmentBytes - utf8.encode(extension).length;
  const roomChars = maxSegmentLength - [...extension].length;
  let stem = '';
  let bytesUsed = 0;
  let charsUsed = 0;
  for (const char of name.slice(0, name.length - extension.length)) {
    const bytes = utf8.encode(char).length;
    if (bytesUsed + bytes > roomBytes || charsUsed === roomChars) break;
    stem += char;
    bytesUsed += bytes;
    charsUsed++;
  }
  return `${stem.trimEnd()}${extension}`;
}

/**
 * One path segment (a folder or a file name) that Windows, macOS, Linux and Chromium's downloads API all accept:
 * no reserved, control or noncharacters, no reserved device or shell names, no leading or trailing dots, tildes and
 * white space, bounded length (in letters and in bytes) with a short extension kept, never empty.
 */
export function safeSegment(name: string, fallback = 'file'): string {
  const legible = name.normalize('NFC').replace(illegalAnywhere, '_');
  let safe = capLength(filenamify(legible, { replacement: '_', maxLength: Number.MAX_SAFE_INTEGER }));
  // Last, as shortening can leave a dot or a tilde at the end.
  safe = safe.replace(illegalAtEnds, '');
  if (reservedName.test(safe)) safe = safe.replace(/^[^.]*/, '$&_');
  if (refusedExtension.test(safe)) safe = `${safe}_`;
  // Nothing left of the name but placeholders: say so plainly.
  return /^[_\s]*$/.test(safe) ? fallback : safe;
}
