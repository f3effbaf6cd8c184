import type { TrackerPage } from '../definition';

/** Tasks at `https://<account>.planfix.ru/task/<N>` (or `.com`); the number is the task's `general` number. */
export const planfixPage: TrackerPage = {
  hosts: ['*.planfix.ru', '*.planfix.com'],
  parse(url) {
    const account = /^([a-z0-9-]+)\.planfix\.(?:ru|com)$/.exec(url.hostname)?.[1];
    if (!account || account.startsWith('api')) return undefined;
    const match = /^\/(task|project)\/(\d+)\/?$/.exec(url.pathname);
    if (!match?.[1] || !match[2]) return undefined;
    return {
      kind: match[1] === 'task' ? 'task' : 'project',
      id: match[2],
      account,
      host: url.host,
    };
  },
  examples: [
    { url: 'https://acme.planfix.ru/task/501', expected: { kind: 'task', id: '501', account: 'acme' } },
    { url: 'https://acme.planfix.com/task/501/?comment=77', expected: { kind: 'task', id: '501', account: 'acme' } },
    { url: 'https://acme.planfix.ru/project/12', expected: { kind: 'project', id: '12', account: 'acme' } },
    { url: 'https://acme.planfix.ru/contact/5', expected: undefined },
    { url: 'https://apiru.planfix.ru/xml/', expected: undefined },
    { url: 'https://acme.planfix.ru/', expected: undefined },
    { url: 'https://acme.planfix.ru.evil.test/task/501', expected: undefined },
  ],
};
