import type { TrackerPage } from '../definition';

/** Issues at `/<QUEUE>-<N>`, projects at `/pages/projects/<id>`, portfolios at `/pages/portfolios/<id>`. */
export const yandexTrackerPage: TrackerPage = {
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
