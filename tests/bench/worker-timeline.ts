/**
 * Where a download slot's time goes between two files, seen from inside the extension's worker. The bench wraps the
 * worker's `chrome.downloads.download` and `search` and IndexedDB's `transaction`, and listens for download ends,
 * before a Download all; with the sandbox's log of the same requests, each slot's handover splits into:
 * - the browser finishing a file (the tracker's last byte to the end event in the worker),
 * - the worker's own work (the end event to the next `downloads.download` call),
 * - the browser starting the next file (that call to the request reaching the tracker).
 */

import type { Worker } from '@playwright/test';
import type { Sandbox } from '../sandbox/server';
import { median } from './median';

interface Recorded {
  calls: { url: string; calledAt: number; id?: number }[];
  ends: { id: number; at: number }[];
  searches: { at: number; ms: number }[];
  transactions: { readwrite: boolean; ms: number }[];
  /** How late the worker's 5 ms ticks ran, summed: time its thread was busy with something else. */
  lateMs: number;
  startedAt: number;
  lastTick: number;
}

interface Scope {
  __timeline?: Recorded;
  __timelineInstalled?: boolean;
}

/** Installs the wrappers once per worker life, and starts a fresh recording. */
export async function startWorkerTimeline(worker: Worker): Promise<void> {
  // No named helpers inside: tsx would wrap them in a `__name` call that does not exist in the worker.
  await worker.evaluate(() => {
    const scope = globalThis as unknown as Scope;
    const now = performance.now();
    scope.__timeline = {
      calls: [],
      ends: [],
      searches: [],
      transactions: [],
      lateMs: 0,
      startedAt: now,
      lastTick: now,
    };
    if (scope.__timelineInstalled) return;
    scope.__timelineInstalled = true;
    setInterval(() => {
      const timeline = scope.__timeline;
      if (!timeline) return;
      const tick = performance.now();
      timeline.lateMs += Math.max(0, tick - timeline.lastTick - 5);
      timeline.lastTick = tick;
    }, 5);
    const downloads = chrome.downloads as unknown as Record<string, (...args: unknown[]) => unknown>;
    const download = downloads.download?.bind(chrome.downloads);
    const search = downloads.search?.bind(chrome.downloads);
    if (!download || !search) throw new Error('no downloads API in the worker');
    // Only anonymous functions: a named one would need tsx's `__name`, which the worker does not have.
    // webextension-polyfill looks the method up at each call and passes a callback; scripts without it get a promise.
    downloads.download = (...args: unknown[]) => {
      const call: Recorded['calls'][number] = { url: (args[0] as { url: string }).url, calledAt: Date.now() };
      scope.__timeline?.calls.push(call);
      const callback = args.at(-1);
      if (typeof callback === 'function') {
        return download(...args.slice(0, -1), (id: number) => {
          call.id = id;
          callback(id);
        });
      }
      return (download(...args) as Promise<number>).then((id) => {
        call.id = id;
        return id;
      });
    };
    downloads.search = (...args: unknown[]) => {
      const started = performance.now();
      const callback = args.at(-1);
      if (typeof callback === 'function') {
        return search(...args.slice(0, -1), (items: unknown) => {
          scope.__timeline?.searches.push({ at: Date.now(), ms: performance.now() - started });
          callback(items);
        });
      }
      return (search(...args) as Promise<unknown>).finally(() =>
        scope.__timeline?.searches.push({ at: Date.now(), ms: performance.now() - started }),
      );
    };
    chrome.downloads.onChanged.addListener((delta) => {
      if (delta.state?.current === 'complete') scope.__timeline?.ends.push({ id: delta.id, at: Date.now() });
    });
    const transaction = IDBDatabase.prototype.transaction;
    IDBDatabase.prototype.transaction = function (this: IDBDatabase, ...args: Parameters<IDBDatabase['transaction']>) {
      const started = performance.now();
      const opened = transaction.apply(this, args);
      const readwrite = args[1] === 'readwrite';
      opened.addEventListener('complete', () =>
        scope.__timeline?.transactions.push({ readwrite, ms: performance.now() - started }),
      );
      return opened;
    } as IDBDatabase['transaction'];
  });
}

/** Median, spread, and mean: the means of the steps of a slot's handover add up to its share of the total. */
function ms(values: readonly number[]): string {
  if (values.length === 0) return 'none';
  const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
  return `${median(values).toFixed(0)} ms (${Math.min(...values).toFixed(0)}–${Math.max(...values).toFixed(0)}, mean ${mean.toFixed(0)})`;
}

/**
 * What the recording since `startWorkerTimeline` shows, against the sandbox's log since `seq`. A slot's handover
 * pairs the k-th end event with the (k+slots)-th download call, as the tracker's slot gaps do.
 */
export async function readWorkerTimeline(
  worker: Worker,
  sandbox: Sandbox,
  seq: number,
  { slots = 6, clickedAt }: { slots?: number; clickedAt?: number } = {},
): Promise<string> {
  const recorded = await worker.evaluate(() => {
    const timeline = (globalThis as unknown as Scope).__timeline;
    return timeline && { ...timeline, spanMs: timeline.lastTick - timeline.startedAt };
  });
  if (!recorded) throw new Error('no timeline was recorded');
  const served = new Map<string, { time: number; endTime: number }>();
  for (const entry of sandbox.log.since(seq)) {
    if (entry.path.startsWith('/v4/files/download/')) {
      served.set(entry.path, { time: entry.time, endTime: entry.endTime ?? entry.time });
    }
  }
  const byId = new Map(recorded.calls.flatMap((call) => (call.id === undefined ? [] : [[call.id, call] as const])));
  const pathOf = (url: string) => new URL(url).pathname;
  const finishing: number[] = [];
  for (const end of recorded.ends) {
    const call = byId.get(end.id);
    const answer = call && served.get(pathOf(call.url));
    if (answer) finishing.push(end.at - answer.endTime);
  }
  const ends = recorded.ends.map((end) => end.at).sort((a, b) => a - b);
  const calls = [...recorded.calls].sort((a, b) => a.calledAt - b.calledAt);
  const working = calls.slice(slots).map((call, index) => Math.max(0, call.calledAt - (ends[index] ?? call.calledAt)));
  const starting = calls.flatMap((call) => {
    const answer = served.get(pathOf(call.url));
    return answer ? [answer.time - call.calledAt] : [];
  });
  // The click's time is the page's Date.now, the worker's marks are its own: both are the system clock.
  const afterClick =
    clickedAt === undefined || calls.length === 0
      ? []
      : [
          `first download call ${(calls[0]?.calledAt ?? 0) - clickedAt} ms after the click`,
          `last end event ${(ends.at(-1) ?? 0) - clickedAt} ms after it`,
        ];
  const readwrite = recorded.transactions.filter((transaction) => transaction.readwrite);
  const readonly = recorded.transactions.filter((transaction) => !transaction.readwrite);
  return [
    `last byte to end event ${ms(finishing)}`,
    `end event to next download call ${ms(working)}`,
    `call to request ${ms(starting)}`,
    `${recorded.searches.length} downloads.search ${ms(recorded.searches.map((search) => search.ms))}`,
    `${readwrite.length} IndexedDB write transactions ${ms(readwrite.map((transaction) => transaction.ms))}`,
    `${readonly.length} reads ${ms(readonly.map((transaction) => transaction.ms))}`,
    `the worker's thread busy ${((100 * recorded.lateMs) / Math.max(1, recorded.spanMs)).toFixed(0)}% of the time`,
    ...afterClick,
  ].join('; ');
}
