import type { TrackerPage } from '../definition';

/**
 * Pyrus keeps the task id in the hash: `https://pyrus.com/t#id12345`; an on-premise Pyrus the same on its own host
 * (`https://<host>/t#id12345`), once that host is configured.
 */
export const pyrusPage: TrackerPage = {
  hosts: ['pyrus.com'],
  appPath: '/t*',
  parse(url) {
    if (url.pathname !== '/t') return undefined;
    const match = /^#id(\d+)(?:\D|$)/.exec(url.hash);
    return match?.[1] ? { kind: 'task', id: match[1], host: url.host } : undefined;
  },
  taskUrl: (typed) => (/^\d{1,12}$/.test(typed) ? `https://pyrus.com/t#id${typed}` : undefined),
  examples: [
    { url: 'https://pyrus.com/t#id12345', expected: { kind: 'task', id: '12345' } },
    { url: 'https://pyrus.com/t#id98765432/c3', expected: { kind: 'task', id: '98765432' } },
    { url: 'https://pyrus.com.evil.test/t#id1001', expected: undefined },
    { url: 'https://acme.worksection.com/t?x#id1001', expected: undefined },
    { url: 'https://pyrus.com/t#inbox', expected: undefined },
    { url: 'https://pyrus.com/t#idea', expected: undefined },
    { url: 'https://pyrus.com/', expected: undefined },
    { url: 'https://pyrus.com/en/help/api', expected: undefined },
  ],
};
