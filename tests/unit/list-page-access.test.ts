import { describe, expect, it } from 'vitest';
import { senderMayAsk } from '../../lib/background/sender-check';
import type { TaskListRef, TaskRef } from '../../lib/trackers/registry';

const context = { extensionId: 'abc', extensionOrigin: 'chrome-extension://abc/' };
const queuePage = { id: 'abc', url: 'https://tracker.yandex.ru/queues/BULK' };
const queue: TaskListRef = {
  tracker: 'yandex-tracker',
  kind: 'list',
  list: 'queue',
  id: 'BULK',
  host: 'tracker.yandex.ru',
};
const issue: TaskRef = { tracker: 'yandex-tracker', kind: 'task', id: 'BULK-1', host: 'tracker.yandex.ru' };
const formTask: TaskRef = { tracker: 'pyrus', kind: 'task', id: '1003', host: 'pyrus.com' };
const otherIssue: TaskRef = { ...issue, host: 'tracker.yandex.com' };
const pyrusTask: TaskRef = { tracker: 'pyrus', kind: 'task', id: '1001', host: 'pyrus.com' };

describe('a list page asking the background', () => {
  it('may ask about its list and the tasks of its tracker and host (to save their files)', () => {
    expect(senderMayAsk(context, queuePage, queue)).toBe(true);
    expect(senderMayAsk(context, queuePage, issue)).toBe(true);
    expect(senderMayAsk(context, { id: 'abc', url: 'https://pyrus.com/t#rg321' }, formTask)).toBe(true);
  });

  it('may not ask about another tracker or host, nor may a look-alike host', () => {
    expect(senderMayAsk(context, queuePage, otherIssue)).toBe(false);
    expect(senderMayAsk(context, queuePage, pyrusTask)).toBe(false);
    expect(senderMayAsk(context, { id: 'abc', url: 'https://tracker.yandex.ru.evil.test/queues/BULK' }, queue)).toBe(
      false,
    );
  });
});
