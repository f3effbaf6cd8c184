import type { TrackerPage } from '../definition';
import { projectAsList } from '../project-list';

/** Tasks at `https://<account>.worksection.com/project/<P>/<T>/` (subtasks one level deeper); projects at `/project/<P>/`. */
export const page: TrackerPage = {
  hosts: ['*.worksection.com'],
  parse(url) {
    const account = /^([a-z0-9-]+)\.worksection\.com$/.exec(url.hostname)?.[1];
    if (!account || account === 'www') return undefined;
    const match = /^\/project\/(\d+)\/(?:(\d+)\/(?:(\d+)\/)?)?$/.exec(
      url.pathname.endsWith('/') ? url.pathname : `${url.pathname}/`,
    );
    if (!match?.[1]) return undefined;
    const [, projectId, taskId, subtaskId] = match;
    const id = subtaskId ?? taskId;
    if (!id) return { kind: 'project', id: projectId, projectId, account, host: url.host };
    return { kind: 'task', id, projectId, account, host: url.host };
  },
  /** A project page lists the project's tasks (get_tasks&id_project: https://worksection.com/en/faq/api-task.html). */
  parseList: (url) => projectAsList(page.parse(url)),
  listExamples: [
    {
      url: 'https://acme.worksection.com/project/11/',
      expected: { kind: 'list', list: 'project', id: '11', account: 'acme' },
    },
    {
      url: 'https://acme.worksection.com/project/26?filter=active',
      expected: { kind: 'list', list: 'project', id: '26', account: 'acme' },
    },
    { url: 'https://acme.worksection.com/project/11/101/', expected: undefined },
    { url: 'https://acme.worksection.com/project/', expected: undefined },
    { url: 'https://www.worksection.com/project/11/', expected: undefined },
  ],
  examples: [
    {
      url: 'https://acme.worksection.com/project/11/101/',
      expected: { kind: 'task', id: '101', projectId: '11', account: 'acme' },
    },
    {
      url: 'https://acme.worksection.com/project/11/101/105/',
      expected: { kind: 'task', id: '105', projectId: '11', account: 'acme' },
    },
    {
      url: 'https://acme.worksection.com/project/11/101/#com2001',
      expected: { kind: 'task', id: '101', projectId: '11', account: 'acme' },
    },
    {
      url: 'https://acme.worksection.com/project/11/',
      expected: { kind: 'project', id: '11', projectId: '11', account: 'acme' },
    },
    { url: 'https://acme.worksection.com/project/', expected: undefined },
    { url: 'https://www.worksection.com/project/11/101/', expected: undefined },
    { url: 'https://acme.worksection.com/account/', expected: undefined },
    { url: 'https://acme.worksection.com.evil.test/project/11/101/', expected: undefined },
  ],
};
