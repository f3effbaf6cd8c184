import { describe, expect, it } from 'vitest';
import { taskUrlFromInput } from '../../lib/context-menu/task-input';
import { trackerOf } from '../../lib/trackers/registry';

describe('the task picker reads pasted task addresses of every tracker', () => {
  it.each([
    ['Pyrus', 'https://pyrus.com/t#id12345'],
    ['Pyrus, a comment anchor', 'https://pyrus.com/t#id98765432/c3'],
    ['Yandex Tracker', 'https://tracker.yandex.ru/TEST-12?focus=comments'],
    ['Yandex Tracker, .com', 'https://tracker.yandex.com/MY_QUEUE2-345/'],
    ['Worksection', 'https://acme.worksection.com/project/11/101/'],
    ['Worksection, a subtask with a comment anchor', 'https://acme.worksection.com/project/11/101/105/#com2001'],
    ['PlanFix', 'https://acme.planfix.ru/task/501'],
    ['PlanFix, .com with a comment', 'https://acme.planfix.com/task/501/?comment=77'],
  ])('%s: %s', (_what, url) => {
    // Whichever tracker is picked in the form, an address speaks for itself; spaces around it do not count.
    expect(taskUrlFromInput(`  ${url}\n`, trackerOf('pyrus'))).toBe(url);
  });

  it('takes what a tracker knows a task by, with that tracker picked', () => {
    expect(taskUrlFromInput('#12345', trackerOf('pyrus'))).toBe('https://pyrus.com/t#id12345');
    expect(taskUrlFromInput('TEST-12', trackerOf('yandex-tracker'))).toBe('https://tracker.yandex.ru/TEST-12');
  });

  it.each([
    ['a list page, not a task', 'https://tracker.yandex.ru/queues/TEST'],
    ['a look-alike host', 'https://pyrus.com.evil.test/t#id12345'],
    ['plain http', 'http://acme.planfix.ru/task/501'],
    ['a PlanFix number alone: the account is unknown', '501'],
    ['a Worksection id alone: the project is unknown', '101'],
  ])('refuses %s', (_what, input) => {
    expect(taskUrlFromInput(input, trackerOf('planfix'))).toBeUndefined();
    expect(taskUrlFromInput(input, trackerOf('worksection'))).toBeUndefined();
  });
});
