import { describe, expect, it } from 'vitest';
import { planZip } from '../../lib/downloads/plan-zip';
import type { TaskRef } from '../../lib/trackers/registry';
import type { Attachment } from '../../lib/trackers/types';

const task: TaskRef = { tracker: 'pyrus', kind: 'task', id: '1001', host: 'pyrus.com' };
const file = (id: string, name: string): Attachment => ({
  id,
  name,
  size: 1,
  sizeExact: true,
  place: { kind: 'task' },
});

describe('planZip', () => {
  it('names the ZIP after the task, under the tracker folder, with safe unique entry names', () => {
    const plan = planZip(task, 'Отчёт: Q3 / итоги?', 'Pyrus', [
      file('1', 'report.txt'),
      file('2', 'report.txt'),
      file('3', 'con.txt'),
      file('4', 'a<b>c.pdf'),
    ]);
    expect(plan.path).toMatch(/^Pyrus\/1001 Отчёт_ Q3 _ итоги_?\.zip$/);
    const names = plan.entries.map((entry) => entry.path);
    expect(names[0]).toBe('report.txt');
    expect(names[1]).toBe('report (2).txt');
    expect(new Set(names.map((name) => name.toLowerCase())).size).toBe(4);
    for (const name of names) {
      expect(name).not.toMatch(/[<>:"/\\|?*]/);
      expect(name).not.toMatch(/^con\./i);
    }
  });

  it('falls back to the task id when the title is empty', () => {
    expect(planZip(task, '', 'Pyrus', [file('1', 'a.txt')]).path).toBe('Pyrus/1001.zip');
  });
});
