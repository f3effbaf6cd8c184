import { describe, expect, it } from 'vitest';
import { expandPathPattern, uniquePaths } from '../../lib/downloads/path-pattern';
import { safeSegment } from '../../lib/downloads/safe-name';
import { defaultPathPattern, readPreferences } from '../../lib/settings/preferences';

/** Names attachments really come with, and what a careless download would do with them. */
const hostileNames: [string, string][] = [
  ['Отчёт за квартал.txt', 'Отчёт за квартал.txt'],
  ['plan: v2 <draft> "final" | what?*.txt', 'plan_ v2 _draft_ _final_ _ what_.txt'],
  ['CON.txt', 'CON_.txt'],
  ['nul', 'nul_'],
  // Uncovered only once the tilde at the start is trimmed; Windows takes each for a device.
  ['~nul .txt', 'nul _.txt'],
  ['~COM¹.pdf', 'COM¹_.pdf'],
  ['~conin$.txt', 'conin$_.txt'],
  ['trailing dots...', 'trailing dots'],
  ['trailing space .pdf ', 'trailing space .pdf'],
  ['..\\..\\Windows\\system32\\evil.dll', '_.._Windows_system32_evil.dll'],
  ['../../etc/passwd', '_.._etc_passwd'],
  ['.bashrc', 'bashrc'],
  ['tab\tand\nnewline.txt', 'tab and newline.txt'],
  ['bell\u0007.txt', 'bell_.txt'],
  // A right-to-left override would show `txt.exe` as `exe.txt`.
  ['right-to-left \u202Eexe.txt', 'right-to-left _exe.txt'],
  ['shortcut.lnk', 'shortcut.lnk_'],
  ['link.URL', 'link.URL_'],
  ['trick.{20D04FE0-3AEA-1069-A2D8-08002B30309D}', 'trick.{20D04FE0-3AEA-1069-A2D8-08002B30309D}_'],
  ['', 'file'],
  ['...', 'file'],
  // Chromium's IsFilenameLegal refuses a tilde at either end: Office lock files, editor backups.
  ['~$x.docx', '$x.docx'],
  ['x.txt~', 'x.txt'],
  ['a. ~', 'a'],
  ['~ .~', 'file'],
  ['x.lnk~', 'x.lnk_'],
  // IsReservedNameOnWindows: clock$ as a device name, desktop.ini and thumbs.db as whole names, in any case.
  ['clock$.txt', 'clock$_.txt'],
  ['CLOCK$', 'CLOCK$_'],
  ['desktop.ini', 'desktop_.ini'],
  ['Thumbs.DB', 'Thumbs_.DB'],
  ['~con.txt', 'con_.txt'],
  // Noncharacters, in the BMP and beyond it, and the zero-width joiner (a format character) anywhere.
  ['x\uFDD0y.txt', 'x_y.txt'],
  ['x\u{1FFFE}y\u{10FFFF}.txt', 'x_y_.txt'],
  ['family \u{1F468}\u200D\u{1F469}.jpg', 'family \u{1F468}_\u{1F469}.jpg'],
  // What Chromium accepts stays as it is.
  ['a~b.txt', 'a~b.txt'],
  ['d~1', 'd~1'],
  ['a$b.txt', 'a$b.txt'],
  ['desktop.ini.txt', 'desktop.ini.txt'],
];

/** What Chromium's downloads API refuses with "Invalid filename" (IsFilenameLegal, IsReservedNameOnWindows). */
function refusedByChromium(name: string): boolean {
  const illegalAnywhere = /["*/:<>?\\|\p{Cc}\p{Cf}\p{Noncharacter_Code_Point}]/u;
  const illegalAtEnds = /^[\p{White_Space}.~]|[\p{White_Space}.~]$/u;
  const lower = name.toLowerCase();
  const device = lower.split('.')[0] ?? '';
  return (
    name === '' ||
    illegalAnywhere.test(name) ||
    illegalAtEnds.test(name) ||
    /^(con|prn|aux|nul|com[1-9]|lpt[1-9]|clock\$)$/.test(device) ||
    lower === 'desktop.ini' ||
    lower === 'thumbs.db'
  );
}

describe('safeSegment', () => {
  it.each(hostileNames)('%j -> %j', (name, expected) => {
    expect(safeSegment(name)).toBe(expected);
  });

  it('keeps the extension when it shortens a long name, within 100 characters', () => {
    const safe = safeSegment(`${'очень длинное имя '.repeat(20)}.docx`);
    expect(safe.length).toBeLessThanOrEqual(100);
    expect(safe.endsWith('.docx')).toBe(true);
  });

  it('bounds a name in bytes too, and takes a long "extension" for part of the name', () => {
    const cyrillic = safeSegment(`x.${'я'.repeat(250)}`);
    expect(new TextEncoder().encode(cyrillic).length).toBeLessThanOrEqual(200);
    const withExtension = safeSegment(`${'отчёт'.repeat(40)}.pdf`);
    expect(withExtension.endsWith('.pdf')).toBe(true);
    expect(new TextEncoder().encode(withExtension).length).toBeLessThanOrEqual(200);
  });

  it('keeps the beginning (a task id) of a long name with a dot in it, within 100 characters and 200 bytes', () => {
    const latin = safeSegment(`123 Release v2.0 ${'and then some more words '.repeat(11)}`);
    expect(latin.startsWith('123 Release v2.0 and then')).toBe(true);
    expect(latin.length).toBeLessThanOrEqual(100);
    const cyrillic = safeSegment(`123 Релиз 2.0 ${'очень длинное название задачи '.repeat(10)}`);
    expect(cyrillic.startsWith('123 Релиз 2.0 очень')).toBe(true);
    expect(new TextEncoder().encode(cyrillic).length).toBeLessThanOrEqual(200);
  });

  it('never yields a separator, a reserved character or a control character', () => {
    for (const [name] of hostileNames) expect(safeSegment(name)).not.toMatch(/[<>:"/\\|?*\p{Cc}]/u);
  });

  it('never yields a name Chromium refuses, even when shortening leaves a tilde or a dot at the end', () => {
    const names = [
      ...hostileNames.map(([name]) => name),
      // Cut to 100 letters, or to 200 bytes, just after a tilde or a dot.
      'a~'.repeat(60),
      `${'中'.repeat(66)}~中`,
      `${'中'.repeat(66)}.§§`,
      ' \u3000~.~ thumbs.db ~',
      '~\uFFFE~',
      '\u{10FFFE}',
    ];
    for (const name of names) {
      const safe = safeSegment(name);
      expect(safe, JSON.stringify(name)).not.toBe('');
      expect(refusedByChromium(safe), `${JSON.stringify(name)} -> ${JSON.stringify(safe)}`).toBe(false);
    }
  });
});

describe('expandPathPattern', () => {
  const tokens = {
    tracker: 'Pyrus',
    taskId: '1001',
    taskTitle: 'Договор / поставка: этап 2?',
    author: 'Иван Петров',
    date: '2026-11-24',
    fileName: 'CON.txt',
  };

  it('fills the default pattern with a safe folder per segment', () => {
    expect(expandPathPattern(defaultPathPattern, tokens)).toBe('Pyrus/1001 Договор _ поставка_ этап 2_/CON_.txt');
  });

  it('takes any order of tokens and keeps the file name last when the pattern forgets it', () => {
    expect(expandPathPattern('{date}/{author}', tokens)).toBe('2026-11-24/Иван Петров/CON_.txt');
  });

  it('drops empty segments instead of making nameless folders', () => {
    expect(expandPathPattern('{tracker}//{author}/{fileName}', { ...tokens, author: '' })).toBe('Pyrus/CON_.txt');
  });

  it('leaves unknown tokens visible rather than guessing', () => {
    expect(expandPathPattern('{project}/{fileName}', tokens)).toBe('{project}/CON_.txt');
  });

  it('takes names of Object.prototype for unknown tokens too, as the options page lets them through', () => {
    const pattern = '{constructor}/{toString}/{__proto__}/{fileName}';
    expect(readPreferences({ pathPattern: pattern }).pathPattern).toBe(pattern);
    expect(expandPathPattern(pattern, tokens)).toBe('{constructor}/{toString}/{__proto__}/CON_.txt');
    expect(expandPathPattern('{hasOwnProperty}', tokens)).toBe('{hasOwnProperty}/CON_.txt');
  });

  it('makes a title with tildes at its ends a folder Chromium accepts', () => {
    const tilde = { ...tokens, taskTitle: '~Поставка~', fileName: 'Thumbs.db' };
    expect(expandPathPattern('{tracker}/{taskTitle}/{fileName}', tilde)).toBe('Pyrus/Поставка/Thumbs_.db');
    expect(expandPathPattern(defaultPathPattern, tilde)).toBe('Pyrus/1001 ~Поставка/Thumbs_.db');
  });
});

describe('uniquePaths', () => {
  it('numbers same names before the extension, comparing without case', () => {
    expect(uniquePaths(['a/report.txt', 'a/report.txt', 'a/Report.TXT', 'b/report.txt', 'a/README'])).toEqual([
      'a/report.txt',
      'a/report (2).txt',
      'a/Report (3).TXT',
      'b/report.txt',
      'a/README',
    ]);
  });

  it('does not collide with a name that already looks numbered', () => {
    expect(uniquePaths(['x (2).txt', 'x.txt', 'x.txt'])).toEqual(['x (2).txt', 'x.txt', 'x (3).txt']);
  });
});
