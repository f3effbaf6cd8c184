import type { TrackerPage } from '../definition';
import { everyParamName } from '../param-names';
import type { TaskListTarget } from '../types';

/** The longest search query taken from a page address. */
export const maxQueryLength = 2000;

/**
 * Pages that list issues: a queue at `/<QUEUE>` or `/queues/<QUEUE>` (a public userscript for tracker.yandex.ru
 * excludes `/queues/new/*` and `/<QUEUE>/statistics*` from its match), a saved filter at `/filters/filter:<id>` and
 * a search at `/issues/?_q=<query>` (the query language: en/tracker/user/query-filter.md; both URL forms as the
 * Startrek links in Yandex's own code read them). Parameters starting with `_` only order or group the list
 * (`_o`, `_g`); a list narrowed by any other (`assignee=...`) would not hold the issues shown, and is not taken.
 */
function parseList(url: URL): TaskListTarget | undefined {
  if (!everyParamName(url.searchParams, (name) => name.startsWith('_'))) return undefined;
  const path = url.pathname.replace(/\/$/, '');
  const queue = /^(?:\/queues)?\/([A-Z][A-Z0-9_]*)$/.exec(path)?.[1];
  if (queue) return { kind: 'list', list: 'queue', id: queue, host: url.host };
  const filter = /^\/filters\/filter:(\d{1,18})$/.exec(path)?.[1];
  if (filter) return { kind: 'list', list: 'filter', id: filter, host: url.host };
  const query = path === '/issues' ? url.searchParams.get('_q')?.trim() : undefined;
  if (!query || query.length > maxQueryLength) return undefined;
  return { kind: 'list', list: 'query', id: query, host: url.host };
}

/** Issues at `/<QUEUE>-<N>`, projects at `/pages/projects/<id>`, portfolios at `/pages/portfolios/<id>`. */
export const page: TrackerPage = {
  hosts: ['tracker.yandex.ru', 'tracker.yandex.com'],
  parse(url) {
    const issue = /^\/([A-Z][A-Z0-9_]*-\d+)(?:\/|$)/.exec(url.pathname);
    if (issue?.[1]) return { kind: 'task', id: issue[1], host: url.host };
    const entity = /^\/pages\/(projects|portfolios)\/([\w-]+)(?:\/|$)/.exec(url.pathname);
    if (entity?.[1] && entity[2]) {
      const kind = entity[1] === 'projects' ? 'project' : 'portfolio';
      return { kind, id: entity[2], host: url.host };
    }
    return undefined;
  },
  taskUrl: (typed) => (/^[A-Z][A-Z0-9_]*-\d+$/.test(typed) ? `https://tracker.yandex.ru/${typed}` : undefined),
  parseList,
  listExamples: [
    { url: 'https://tracker.yandex.ru/queues/TEST', expected: { kind: 'list', list: 'queue', id: 'TEST' } },
    { url: 'https://tracker.yandex.com/MY_QUEUE2/', expected: { kind: 'list', list: 'queue', id: 'MY_QUEUE2' } },
    {
      url: 'https://tracker.yandex.ru/filters/filter:28101',
      expected: { kind: 'list', list: 'filter', id: '28101' },
    },
    {
      url: 'https://tracker.yandex.ru/issues/?_q=Queue%3A+TEST+Resolution%3A+empty()&_o=updated+DESC',
      expected: { kind: 'list', list: 'query', id: 'Queue: TEST Resolution: empty()' },
    },
    {
      url: 'https://tracker.yandex.ru/issues?_q=%22Status%22%3A+%22Open%22+AND+Author%3A+me()',
      expected: { kind: 'list', list: 'query', id: '"Status": "Open" AND Author: me()' },
    },
    { url: 'https://tracker.yandex.ru/filters/filter:2?assignee=printsesso', expected: undefined },
    { url: 'https://tracker.yandex.ru/issues/', expected: undefined },
    { url: 'https://tracker.yandex.ru/queues/new', expected: undefined },
    { url: 'https://tracker.yandex.ru/TEST-1', expected: undefined },
    { url: 'https://tracker.yandex.ru/TEST/statistics', expected: undefined },
    { url: 'https://tracker.yandex.ru/pages/projects/42', expected: undefined },
    { url: 'https://tracker.yandex.ru.evil.test/queues/TEST', expected: undefined },
  ],
  examples: [
    { url: 'https://tracker.yandex.ru/TEST-1', expected: { kind: 'task', id: 'TEST-1' } },
    { url: 'https://tracker.yandex.com/MY_QUEUE2-345/', expected: { kind: 'task', id: 'MY_QUEUE2-345' } },
    { url: 'https://tracker.yandex.ru/TEST-12?focus=comments', expected: { kind: 'task', id: 'TEST-12' } },
    { url: 'https://tracker.yandex.ru/pages/projects/42', expected: { kind: 'project', id: '42' } },
    { url: 'https://tracker.yandex.ru/pages/portfolios/7', expected: { kind: 'portfolio', id: '7' } },
    { url: 'https://tracker.yandex.ru/TEST', expected: undefined },
    { url: 'https://tracker.yandex.ru/test-1', expected: undefined },
    { url: 'https://tracker.yandex.ru/issues/', expected: undefined },
    { url: 'https://evil.planfix.com/TEST-1', expected: undefined },
    { url: 'https://tracker.yandex.ru.evil.test/TEST-1', expected: undefined },
  ],
};
