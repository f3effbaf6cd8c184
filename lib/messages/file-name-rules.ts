import type { CopyRefusalReason } from './copy-outcome';

/** The longest file name most file systems and object stores keep, in characters. */
export const longestName = 255;

/**
 * Why a tracker would refuse a file name, or store the file under another one (which would also keep the file from
 * being recognised by its name when an upload or copy is settled): nothing when the name is fine. Multipart servers
 * keep only what follows the last `/` or `\`; control characters are not allowed in XML 1.0 (PlanFix's API) and are
 * dropped elsewhere; a name of nothing but spaces or dots is no name. One rule for dropped, pasted and copied files.
 */
export function refusedName(name: string): Exclude<CopyRefusalReason, 'too-large'> | undefined {
  if (/^[\s.]*$/u.test(name)) return 'name-blank';
  if (/[/\\]/.test(name)) return 'name-path';
  if (/\p{Cc}/u.test(name)) return 'name-control';
  if ([...name].length > longestName) return 'name-long';
  return undefined;
}
