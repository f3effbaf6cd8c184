import { describe, expect, it } from 'vitest';
import { expandPathPattern, uniquePaths } from '../../lib/downloads/path-pattern';
import { safeSegment } from '../../lib/downloads/safe-name';
import { defaultPathPattern } from '../../lib/settings/preferences';

/** Names attachments really come with, and what a careless download would do with them. */
const hostileNames: [string, string][] = [
  ['Отчёт за квартал.txt', 'Отчёт за квартал.txt'],
  ['plan: v2 <draft> "final" | what?*.txt', 'plan_ v2 _draft_ _final_ _ what_.txt'],
  ['CON.txt', 'CON_.txt'],
  ['nul', 'nul_'],
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
];

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

  it('never yields a separator, a reserved character or a control character', () => {
    for (const [name] of hostileNames) expect(safeSegment(name)).not.toMatch(/[<>:"/\\|?*\p{Cc}]/u);
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
