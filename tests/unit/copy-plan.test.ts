import { describe, expect, it } from 'vitest';
import { refusalText } from '../../components/pick-task/refusal-text';
import { tIn } from '../../lib/i18n/t';
import { refusedName } from '../../lib/messages/file-name-rules';
import type { Attachment } from '../../lib/trackers/types';
import { copyComment } from '../../lib/uploads/copy-comment';
import { copyNames, leastSize, planCopy } from '../../lib/uploads/copy-plan';

function attachment(name: string, size: number, sizeExact = true): Attachment {
  return { id: `id-${name}-${size}`, name, size, sizeExact, place: { kind: 'task' } };
}

describe('the names copies get', () => {
  it('keeps every name that is picked once, exactly', () => {
    const names = ['Отчёт за квартал.txt', 'plan: v2 <draft> "final" | what?*.txt', 'CON.txt', 'notes  final .txt'];
    expect(copyNames(names)).toEqual(names);
  });

  it('numbers a name from its second time on, before the extension', () => {
    expect(copyNames(['report.txt', 'report.txt', 'report.txt', 'README'])).toEqual([
      'report.txt',
      'report (2).txt',
      'report (3).txt',
      'README',
    ]);
    expect(copyNames(['README', 'README'])).toEqual(['README', 'README (2)']);
    expect(copyNames(['.env', '.env'])).toEqual(['.env', '.env (2)']);
  });

  it('never numbers a name onto another picked name, wherever that one is', () => {
    expect(copyNames(['a.txt', 'a.txt', 'a (2).txt'])).toEqual(['a.txt', 'a (3).txt', 'a (2).txt']);
    expect(copyNames(['a (2).txt', 'a.txt', 'a.txt'])).toEqual(['a (2).txt', 'a.txt', 'a (3).txt']);
  });
});

describe('names a tracker refuses or changes', () => {
  it.each([
    ['', 'name-blank'],
    ['   ', 'name-blank'],
    ['..', 'name-blank'],
    ['folder/report.txt', 'name-path'],
    ['C:\\report.txt', 'name-path'],
    ['report\u0000.txt', 'name-control'],
    ['line\nbreak.txt', 'name-control'],
    [`${'я'.repeat(252)}.txt`, 'name-long'],
  ])('%j: %s', (name, reason) => {
    expect(refusedName(name)).toBe(reason);
  });

  it('takes the awkward names trackers do take', () => {
    for (const name of ['.env', 'plan: v2 <draft> "final" | what?*.txt', 'CON.txt', `${'я'.repeat(251)}.txt`]) {
      expect(refusedName(name), name).toBeUndefined();
    }
  });
});

describe('limits checked before anything moves', () => {
  const limit = 1024 ** 3;

  it('refuses a file over the target limit, and a file at it is fine', () => {
    const { refused } = planCopy([attachment('at.bin', limit), attachment('over.bin', limit + 1)], limit);
    expect(refused).toEqual([{ name: 'over.bin', reason: 'too-large', limitBytes: limit }]);
  });

  it('judges a size given in whole kilobytes by the fewest bytes it can be', () => {
    expect(leastSize({ size: 2048, sizeExact: false })).toBe(1025);
    expect(leastSize({ size: 2048, sizeExact: true })).toBe(2048);
    expect(leastSize({ size: 0, sizeExact: false })).toBe(0);
    expect(planCopy([attachment('kb.bin', limit + 1023, false)], limit).refused).toEqual([]);
    expect(planCopy([attachment('kb.bin', limit + 1024, false)], limit).refused).toHaveLength(1);
  });

  it('checks the name the copy gets, and names every refused file', () => {
    const long = `${'x'.repeat(251)}.txt`;
    const { files, refused } = planCopy(
      [attachment(long, 1), attachment(long, 2), attachment('a/b.txt', 3), attachment('fine.txt', 4)],
      limit,
    );
    expect(files.map((file) => file.name)).toEqual([long, `${'x'.repeat(251)} (2).txt`, 'a/b.txt', 'fine.txt']);
    expect(refused).toEqual([
      { name: `${'x'.repeat(251)} (2).txt`, reason: 'name-long' },
      { name: 'a/b.txt', reason: 'name-path' },
    ]);
  });

  it('words each refusal with the file it is about', () => {
    expect(refusalText({ name: 'big.iso', reason: 'too-large', limitBytes: limit })).toBe(
      'big.iso: over the limit of 1.0 GB',
    );
    expect(refusalText({ name: 'a\u0007b', reason: 'name-control' })).toBe('a\uFFFDb: the name has control characters');
    expect(refusalText({ name: 'x'.repeat(300), reason: 'name-long' })).toMatch(/^x{79}…: .* 255 characters$/);
  });
});

describe('the comment a copy arrives with', () => {
  const origin = {
    trackerLabel: 'Pyrus',
    taskId: '1001',
    title: 'Договор  с\nпоставщиком',
    url: 'https://pyrus.com/t#id1001',
  };
  const ru = (key: Parameters<typeof tIn>[1], ...substitutions: string[]) => tIn('ru', key, ...substitutions);

  it('names the source task and links to it, in English and Russian', () => {
    expect(copyComment(origin)).toBe('Copied from Pyrus task 1001 “Договор с поставщиком”: https://pyrus.com/t#id1001');
    expect(copyComment(origin, ru)).toBe(
      'Скопировано из задачи Pyrus 1001 «Договор с поставщиком»: https://pyrus.com/t#id1001',
    );
  });

  it('leaves out a title or a link it does not have, and cuts a very long title', () => {
    expect(copyComment({ ...origin, title: ' ' })).toBe('Copied from Pyrus task 1001: https://pyrus.com/t#id1001');
    expect(copyComment({ ...origin, url: undefined, title: undefined })).toBe('Copied from Pyrus task 1001');
    const text = copyComment({ ...origin, title: 'я'.repeat(500) });
    expect(text).toContain(`“${'я'.repeat(199)}…”`);
  });
});
