import { type Content, textContent } from './content';

/** The awkward file names every tracker's seeded tasks carry, so each code path meets them. */
export const hostileNames = {
  cyrillic: 'Отчёт за квартал.txt',
  spaces: 'meeting notes  final .txt',
  duplicate: 'report.txt',
  empty: 'empty.txt',
  windowsIllegal: 'plan: v2 <draft> "final" | what?*.txt',
  reservedWindows: 'CON.txt',
} as const;

export interface SeedFile {
  name: string;
  content: Content;
}

/** Task-body files and comment files of the main seeded task of a tracker; contents differ per tracker. */
export function seedTaskFiles(tracker: string): { body: SeedFile[]; comments: SeedFile[][] } {
  const text = (what: string): Content => textContent(`${tracker}: ${what}\n`);
  return {
    body: [
      { name: hostileNames.cyrillic, content: text('квартальный отчёт, кириллица') },
      { name: hostileNames.duplicate, content: text('report in the task body') },
      { name: hostileNames.empty, content: { kind: 'bytes', bytes: Buffer.alloc(0) } },
    ],
    comments: [
      [
        { name: hostileNames.duplicate, content: text('a different report in a comment') },
        { name: hostileNames.spaces, content: text('notes with spaces') },
      ],
      [
        { name: hostileNames.windowsIllegal, content: text('a name Windows refuses') },
        { name: hostileNames.reservedWindows, content: text('a reserved device name on Windows') },
        { name: 'diagram.png', content: { kind: 'generated', seed: `${tracker}-diagram`, size: 300 * 1024 } },
      ],
    ],
  };
}
