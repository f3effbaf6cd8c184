import { describe, expect, it } from 'vitest';
import { classifyInterrupt } from '../../lib/downloads/interrupt';
import { planDownloads } from '../../lib/downloads/plan';
import { defaultPathPattern } from '../../lib/settings/preferences';
import type { TaskRef } from '../../lib/trackers/registry';
import type { Attachment } from '../../lib/trackers/types';

const task: TaskRef = { tracker: 'pyrus', kind: 'task', id: '1001', host: 'pyrus.com' };
const file = (id: string, name: string, place: Attachment['place'] = { kind: 'task' }): Attachment => ({
  id,
  name,
  size: 1,
  sizeExact: true,
  place,
  createdAt: '2026-11-20T10:00:00.000Z',
});

describe('planDownloads', () => {
  it('puts every file of a task in one safe folder and keeps same-named files apart', () => {
    const planned = planDownloads(
      task,
      'Договор: этап 1',
      'Pyrus',
      [
        file('1', 'report.txt'),
        file('2', 'report.txt', { kind: 'comment', commentId: '9', author: 'Анна' }),
        file('3', 'CON.txt'),
      ],
      defaultPathPattern,
    );
    expect(planned.map((entry) => entry.path)).toEqual([
      'Pyrus/1001 Договор_ этап 1/report.txt',
      'Pyrus/1001 Договор_ этап 1/report (2).txt',
      'Pyrus/1001 Договор_ этап 1/CON_.txt',
    ]);
  });

  it('fills author and date per file', () => {
    const [planned] = planDownloads(
      task,
      't',
      'Pyrus',
      [file('2', 'a.txt', { kind: 'comment', commentId: '9', author: 'Анна' })],
      '{date}/{author}/{fileName}',
    );
    expect(planned?.path).toBe('2026-11-20/Анна/a.txt');
  });
});

describe('classifyInterrupt', () => {
  it.each([
    ['SERVER_UNAUTHORIZED', 'auth', false],
    ['SERVER_FORBIDDEN', 'forbidden', false],
    ['SERVER_BAD_CONTENT', 'not-found', false],
    ['FILE_NO_SPACE', 'disk-full', false],
    ['FILE_ACCESS_DENIED', 'disk', false],
    ['NETWORK_FAILED', 'network', true],
    ['NETWORK_DISCONNECTED', 'network', true],
    ['SERVER_FAILED', 'server', true],
    ['USER_CANCELED', 'cancelled', false],
    ['SOMETHING_NEW', 'unexpected', false],
  ] as const)('%s -> %s (retry: %s)', (reason, kind, retry) => {
    expect(classifyInterrupt(reason)).toEqual({ kind, retry });
  });
});
