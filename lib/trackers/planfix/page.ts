import type { TrackerPage } from '../definition';
import { projectAsList } from '../project-list';
import { planfixApiServers } from './servers';

/** The API servers' first labels (`apiru`, `api-us`…): hosts of the API, not accounts. */
const apiLabels = new Set(planfixApiServers.map((server) => new URL(server).hostname.split('.')[0]));

/** Tasks at `https://<account>.planfix.ru/task/<N>` (or `.com`); the number is the task's `general` number. */
export const page: TrackerPage = {
  hosts: ['*.planfix.ru', '*.planfix.com'],
  parse(url) {
    const account = /^([a-z0-9-]+)\.planfix\.(?:ru|com)$/.exec(url.hostname)?.[1];
    if (!account || apiLabels.has(account)) return undefined;
    const match = /^\/(task|project)\/(\d+)\/?$/.exec(url.pathname);
    if (!match?.[1] || !match[2]) return undefined;
    return {
      kind: match[1] === 'task' ? 'task' : 'project',
      id: match[2],
      account,
      host: url.host,
    };
  },
  /** A project page lists the project's tasks (task.getList with `project.id`: Planfix_API_task.getList). */
  parseList: (url) => projectAsList(page.parse(url)),
  listExamples: [
    {
      url: 'https://acme.planfix.ru/project/12',
      expected: { kind: 'list', list: 'project', id: '12', account: 'acme' },
    },
    {
      url: 'https://acme.planfix.com/project/4567/',
      expected: { kind: 'list', list: 'project', id: '4567', account: 'acme' },
    },
    { url: 'https://acme.planfix.ru/task/501', expected: undefined },
    { url: 'https://apiru.planfix.ru/project/12', expected: undefined },
  ],
  examples: [
    { url: 'https://acme.planfix.ru/task/501', expected: { kind: 'task', id: '501', account: 'acme' } },
    { url: 'https://acme.planfix.com/task/501/?comment=77', expected: { kind: 'task', id: '501', account: 'acme' } },
    { url: 'https://acme.planfix.ru/project/12', expected: { kind: 'project', id: '12', account: 'acme' } },
    { url: 'https://acme.planfix.ru/contact/5', expected: undefined },
    { url: 'https://apiru.planfix.ru/xml/', expected: undefined },
    { url: 'https://api-us.planfix.com/task/501', expected: undefined },
    { url: 'https://apilab.planfix.ru/task/7', expected: { kind: 'task', id: '7', account: 'apilab' } },
    { url: 'https://acme.planfix.ru/', expected: undefined },
    { url: 'https://acme.planfix.ru.evil.test/task/501', expected: undefined },
  ],
};
