import { describe, expect, it } from 'vitest';
import { AppError } from '../../../lib/errors';
import { fetchClient } from '../../../lib/http/client';
import { memoryMemo } from '../../../lib/settings/memory-memo';
import { createApi as planfixApi } from '../../../lib/trackers/planfix/api';
import { listedTasks } from '../../../lib/trackers/planfix/parse';
import { parseXmlResponse } from '../../../lib/trackers/planfix/xml';
import { createApi as pyrusApi } from '../../../lib/trackers/pyrus/api';
import type { TaskListTarget } from '../../../lib/trackers/types';
import { createApi as worksectionApi } from '../../../lib/trackers/worksection/api';
import { createApi as yandexApi } from '../../../lib/trackers/yandex-tracker/api';
import { planfixSandbox as pf } from '../../sandbox/trackers/planfix';
import { pyrusSandbox } from '../../sandbox/trackers/pyrus';
import { worksectionSandbox as ws } from '../../sandbox/trackers/worksection';
import { yandexTrackerSandbox as yt } from '../../sandbox/trackers/yandex-tracker';
import { useSandbox } from '../../support/use-sandbox';

const yandex = () =>
  yandexApi({ token: yt.oauthToken, tokenType: 'OAuth', orgId: yt.orgId, orgType: '360' }, { http: fetchClient });
const yandexList = (list: TaskListTarget['list'], id: string): TaskListTarget => ({
  kind: 'list',
  list,
  id,
  host: 'tracker.yandex.ru',
});

describe('listing the tasks of a list page, against the sandbox', () => {
  const sandbox = useSandbox();
  const searches = () =>
    sandbox()
      .log.since(0)
      .filter((entry) => entry.path.startsWith('/v2/issues/_search'));

  it('Yandex Tracker: a queue, a saved filter and a search, each through POST /v2/issues/_search', async () => {
    for (const list of [
      yandexList('queue', yt.bulkQueue),
      yandexList('filter', yt.bulkFilter),
      yandexList('query', `Queue: ${yt.bulkQueue}`),
    ]) {
      const { tasks, truncated } = await yandex().listTasks(list, 1000);
      expect(
        tasks.map((task) => task.target.id),
        list.list,
      ).toEqual([...yt.bulkIssues]);
      expect(tasks[0]).toEqual({
        target: { kind: 'task', id: 'BULK-1', host: 'tracker.yandex.ru' },
        title: 'Поставка 1',
      });
      expect(truncated).toBe(false);
    }
    expect(searches()).toHaveLength(3);
  });

  it('Yandex Tracker: pages through the search 100 issues at a time and stops at the limit', async () => {
    const { tasks, truncated } = await yandex().listTasks(yandexList('queue', yt.bulkQueue), 3);
    expect(tasks.map((task) => task.target.id)).toEqual(['BULK-1', 'BULK-2', 'BULK-3']);
    expect(truncated).toBe(true);
    expect(searches().map((entry) => entry.path)).toEqual(['/v2/issues/_search?perPage=100&page=1']);
  });

  it('Yandex Tracker: a query the tracker refuses is an error, not an empty list', async () => {
    const error = await yandex()
      .listTasks(yandexList('query', 'Assignee: me()'), 1000)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).details.status).toBe(400);
  });

  it('Yandex Tracker: a search whose pages repeat is an error, not the same issues listed ten times', async () => {
    const samePage = JSON.stringify(Array.from({ length: 100 }, (_, index) => ({ key: `BULK-${index + 1}` })));
    sandbox().faults.add({
      path: '^/v2/issues/_search',
      status: 200,
      body: samePage,
      contentType: 'application/json',
      times: 20,
    });
    const error = await yandex()
      .listTasks(yandexList('queue', yt.bulkQueue), 1000)
      .catch((caught: unknown) => caught);
    expect((error as AppError).toJSON()).toMatchObject({ kind: 'unexpected', details: { tracker: 'yandex-tracker' } });
    expect(searches()).toHaveLength(2);
  });

  it('Worksection: a project lists its tasks and their subtasks (get_tasks&extra=subtasks)', async () => {
    const api = worksectionApi(
      { accountUrl: `https://${ws.host}`, apiKey: ws.apiKey },
      { http: fetchClient, memo: memoryMemo(), minIntervalMs: 0 },
    );
    const list: TaskListTarget = { kind: 'list', list: 'project', id: ws.project, account: ws.account, host: ws.host };
    const { tasks, truncated } = await api.listTasks(list, 1000);
    expect(tasks.map((task) => task.target.id)).toEqual([ws.mainTask, ws.subtask, ws.emptyTask]);
    expect(tasks[1]).toEqual({
      target: { kind: 'task', id: ws.subtask, projectId: ws.project, account: ws.account, host: ws.host },
      title: 'Иконки',
    });
    expect(truncated).toBe(false);
    expect((await api.listTasks(list, 2)).truncated).toBe(true);
  });

  it('PlanFix: a project lists its tasks by their numbers, a page of 100 at a time (task.getList)', async () => {
    const api = planfixApi(
      {
        account: pf.account,
        apiKey: pf.apiKey,
        signIn: 'token',
        token: pf.token,
        login: '',
        password: '',
        apiServer: 'https://apiru.planfix.ru/xml/',
      },
      { http: fetchClient, minIntervalMs: 0 },
    );
    const list: TaskListTarget = {
      kind: 'list',
      list: 'project',
      id: pf.project,
      account: pf.account,
      host: pf.pageHost,
    };
    const { tasks, truncated } = await api.listTasks(list, 1000);
    expect(tasks.map((task) => task.target.id).sort()).toEqual(
      [pf.mainTask.general, pf.emptyTask.general, pf.manyFilesTask.general].sort(),
    );
    expect(tasks.find((task) => task.target.id === pf.mainTask.general)).toEqual({
      target: { kind: 'task', id: pf.mainTask.general, account: pf.account, host: pf.pageHost },
      title: 'Согласовать договор',
    });
    expect(truncated).toBe(false);
    expect((await api.listTasks(list, 2)).truncated).toBe(true);
  });

  it('Pyrus: a form register lists the form tasks (GET forms/{id}/register, item_count one over the limit)', async () => {
    const api = pyrusApi(
      { login: pyrusSandbox.login, securityKey: pyrusSandbox.securityKey, server: '' },
      { http: fetchClient, memo: memoryMemo() },
    );
    const list: TaskListTarget = { kind: 'list', list: 'register', id: pyrusSandbox.form, host: 'pyrus.com' };
    const { tasks, truncated } = await api.listTasks(list, 1000);
    expect(tasks).toEqual([
      { target: { kind: 'task', id: pyrusSandbox.formTask, host: 'pyrus.com' }, title: 'Заявка на оплату' },
      { target: { kind: 'task', id: pyrusSandbox.secondFormTask, host: 'pyrus.com' }, title: 'Заявка на оплату №2' },
    ]);
    expect(truncated).toBe(false);
    const limited = await api.listTasks(list, 1);
    expect(limited.tasks).toHaveLength(1);
    expect(limited.truncated).toBe(true);
    const registers = sandbox()
      .log.since(0)
      .filter((entry) => entry.path.includes('/register'))
      .map((entry) => entry.path);
    expect(registers).toEqual([
      `/v4/forms/${pyrusSandbox.form}/register?item_count=1001`,
      `/v4/forms/${pyrusSandbox.form}/register?item_count=2`,
    ]);
    const refused = await api.listTasks({ ...list, id: '999' }, 10).catch((caught: unknown) => caught);
    expect((refused as AppError).kind).toBe('forbidden');
  });

  it('PlanFix: a page of one task is still a list', () => {
    const { root } = parseXmlResponse(
      '<?xml version="1.0" encoding="UTF-8"?><response status="ok"><tasks count="1" totalCount="1">' +
        '<task><id>90501</id><title>Согласовать договор</title><general>501</general></task></tasks></response>',
    );
    expect(listedTasks(root.tasks)).toEqual([{ general: '501', title: 'Согласовать договор' }]);
  });
});
