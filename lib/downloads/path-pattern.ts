import { safeSegment } from './safe-name';

export interface PathTokens {
  tracker: string;
  taskId: string;
  taskTitle: string;
  author: string;
  /** YYYY-MM-DD */
  date: string;
  fileName: string;
}

export const pathTokenNames: readonly (keyof PathTokens)[] = [
  'tracker',
  'taskId',
  'taskTitle',
  'author',
  'date',
  'fileName',
];

/**
 * The relative path a file is saved under: the user's pattern with its tokens filled in, split on `/`, each
 * segment made safe on its own (a `/` inside a title or name never makes a folder). A pattern without
 * `{fileName}` still ends in the file name.
 */
export function expandPathPattern(pattern: string, tokens: PathTokens): string {
  const withName = pattern.includes('{fileName}') ? pattern : `${pattern}/{fileName}`;
  const segments = withName
    .split('/')
    .map((segment) =>
      segment.replace(/\{(\w+)\}/g, (whole, name: string) =>
        // Own tokens only: `{constructor}` or `{toString}` is as unknown as `{project}`, not Object.prototype's.
        Object.hasOwn(tokens, name) ? tokens[name as keyof PathTokens].replace(/[/\\]/g, '_') : whole,
      ),
    )
    .map((segment) => segment.trim())
    .filter((segment) => segment.length > 0);
  const fileName = segments.pop() ?? tokens.fileName;
  return [...segments.map((segment) => safeSegment(segment, '_')), safeSegment(fileName)].join('/');
}

/**
 * Makes every path unique (case-insensitively, as Windows and macOS compare names), keeping the first as it is and
 * numbering the rest before the extension: `report.txt`, `report (2).txt`.
 */
export function uniquePaths(paths: readonly string[]): string[] {
  const taken = new Set<string>();
  return paths.map((path) => {
    let candidate = path;
    for (let n = 2; taken.has(candidate.toLowerCase()); n++) {
      const slash = path.lastIndexOf('/');
      const dot = path.lastIndexOf('.');
      const cut = dot > slash + 1 ? dot : path.length;
      candidate = `${path.slice(0, cut)} (${n})${path.slice(cut)}`;
    }
    taken.add(candidate.toLowerCase());
    return candidate;
  });
}
