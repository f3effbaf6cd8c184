import { describe, expect, it } from 'vitest';
import { readShownPage } from '../../lib/content/task-watch';
import { parseTaskListUrl, trackerPages } from '../../lib/trackers/pages';

describe.each(trackerPages.map((tracker) => [tracker.id, tracker.page] as const))(
  '%s list page URLs',
  (tracker, page) => {
    it('has real list page examples, and pages that list nothing', () => {
      expect(page.listExamples?.some((example) => example.expected)).toBe(true);
      expect(page.listExamples?.some((example) => example.expected === undefined)).toBe(true);
    });

    it.each((page.listExamples ?? []).map((example) => [example.url, example.expected] as const))(
      '%s',
      (url, expected) => {
        const ref = parseTaskListUrl(url);
        if (expected === undefined) expect(ref).toBeUndefined();
        else expect(ref).toEqual({ ...expected, tracker, host: new URL(url).host });
      },
    );
  },
);

describe('what a page shows', () => {
  it('a task page shows a task and no list', () => {
    expect(readShownPage('https://tracker.yandex.ru/TEST-1')).toEqual({
      task: { tracker: 'yandex-tracker', kind: 'task', id: 'TEST-1', host: 'tracker.yandex.ru' },
      list: undefined,
    });
  });

  it('a project page shows the project (its own files) and the list of its tasks', () => {
    expect(readShownPage('https://acme.planfix.ru/project/12')).toEqual({
      task: { tracker: 'planfix', kind: 'project', id: '12', account: 'acme', host: 'acme.planfix.ru' },
      list: { tracker: 'planfix', kind: 'list', list: 'project', id: '12', account: 'acme', host: 'acme.planfix.ru' },
    });
  });

  it('a queue shows a list alone; a look-alike host and plain http show nothing', () => {
    expect(readShownPage('https://tracker.yandex.ru/queues/BULK')).toEqual({
      task: undefined,
      list: { tracker: 'yandex-tracker', kind: 'list', list: 'queue', id: 'BULK', host: 'tracker.yandex.ru' },
    });
    expect(readShownPage('https://tracker.yandex.ru.evil.test/queues/BULK')).toBeUndefined();
    expect(readShownPage('http://tracker.yandex.ru/queues/BULK')).toBeUndefined();
  });
});
