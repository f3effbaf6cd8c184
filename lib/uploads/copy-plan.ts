import type { CopyRefusal } from '../messages/copy-outcome';
import { refusedName } from '../messages/file-name-rules';
import type { Attachment } from '../trackers/types';

/** One file of a copy: the source's attachment and the name it gets in the target task. */
export interface CopyFile {
  attachment: Attachment;
  name: string;
}

/**
 * The names the copies get: each file's own, except that a name picked twice (`report.txt` of the task and of a
 * comment) is numbered from its second time on (`report (2).txt`), never onto another picked name. Two same-named
 * files would otherwise land as one file and its new version (PlanFix), or could not be told apart when settled.
 */
export function copyNames(names: readonly string[]): string[] {
  const picked = new Set(names);
  const used = new Set<string>();
  return names.map((name) => {
    if (!used.has(name)) {
      used.add(name);
      return name;
    }
    const dot = name.lastIndexOf('.');
    const [stem, extension] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
    for (let number = 2; ; number++) {
      const candidate = `${stem} (${number})${extension}`;
      if (!used.has(candidate) && !picked.has(candidate)) {
        used.add(candidate);
        return candidate;
      }
    }
  });
}

/** The fewest bytes the file can have: a size given in whole kilobytes (PlanFix) may be up to 1 KiB above it. */
export function leastSize(attachment: Pick<Attachment, 'size' | 'sizeExact'>): number {
  return attachment.sizeExact ? attachment.size : Math.max(0, attachment.size - 1023);
}

/** The copies' names, and every file the target would refuse (over its size limit, or by its name). */
export function planCopy(
  attachments: readonly Attachment[],
  maxFileSize: number,
): { files: CopyFile[]; refused: CopyRefusal[] } {
  const names = copyNames(attachments.map((attachment) => attachment.name));
  const files = attachments.map((attachment, index) => ({ attachment, name: names[index] ?? attachment.name }));
  const refused = files.flatMap(({ attachment, name }): CopyRefusal[] => {
    if (leastSize(attachment) > maxFileSize) return [{ name, reason: 'too-large', limitBytes: maxFileSize }];
    const reason = refusedName(name);
    return reason ? [{ name, reason }] : [];
  });
  return { files, refused };
}
