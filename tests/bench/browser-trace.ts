/**
 * A Chromium trace of some work (`BENCH_TRACE=1`): the processor time of the browser's tasks, by thread and by the
 * source that posted them. The worker timeline shows what the extension waits for; this shows what the browser
 * itself does for it (the IndexedDB backend, the downloads system, the page's frames), beside the same for the
 * downloads API alone. Only the processes of the page the session belongs to are traced (the browser, the task
 * page's renderer, the GPU), not the extension's own.
 */

import type { CDPSession } from '@playwright/test';

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  /** Wall and thread time, in µs. */
  dur?: number;
  tdur?: number;
  args?: Record<string, unknown>;
}

export type BrowserTrace = TraceEvent[];

export async function traceBrowser(session: CDPSession, work: () => Promise<void>): Promise<BrowserTrace> {
  const events: TraceEvent[] = [];
  const collect = (data: { value: unknown[] }) => events.push(...(data.value as TraceEvent[]));
  session.on('Tracing.dataCollected', collect);
  // `toplevel` has each task the browser's threads run, with the source line that posted it.
  await session.send('Tracing.start', { categories: 'toplevel,__metadata', transferMode: 'ReportEvents' });
  try {
    await work();
  } finally {
    const complete = new Promise((resolve) => session.once('Tracing.tracingComplete', resolve));
    await session.send('Tracing.end');
    await complete;
    session.off('Tracing.dataCollected', collect);
  }
  return events;
}

function names(events: BrowserTrace, metadata: string): Map<string, string> {
  const named = new Map<string, string>();
  for (const event of events) {
    if (event.name !== metadata) continue;
    const key = metadata === 'process_name' ? `${event.pid}` : `${event.pid}:${event.tid}`;
    named.set(key, String(event.args?.name ?? ''));
  }
  return named;
}

/** Milliseconds of thread time per "process / thread / posting source", over the tasks the trace saw. */
function taskTimes(events: BrowserTrace): Map<string, { ms: number; count: number }> {
  const processes = names(events, 'process_name');
  const threads = names(events, 'thread_name');
  const times = new Map<string, { ms: number; count: number }>();
  for (const event of events) {
    if (event.ph !== 'X' || !event.name.includes('RunTask')) continue;
    const file = String(event.args?.src_file ?? '')
      .split('/')
      .slice(-2)
      .join('/');
    const thread = (threads.get(`${event.pid}:${event.tid}`) ?? `${event.tid}`).replace(/\d+$/, '');
    const key = `${processes.get(`${event.pid}`) ?? event.pid} / ${thread} / ${String(event.args?.src_func ?? '?')} (${file})`;
    const entry = times.get(key) ?? { ms: 0, count: 0 };
    entry.ms += (event.tdur ?? event.dur ?? 0) / 1000;
    entry.count += 1;
    times.set(key, entry);
  }
  return times;
}

/** The tasks whose time differs most between the two traces, largest first, as printable lines. */
export function compareTraces(ours: BrowserTrace, floor: BrowserTrace, top = 8): string[] {
  const a = taskTimes(ours);
  const b = taskTimes(floor);
  const total = (times: Map<string, { ms: number }>) => [...times.values()].reduce((sum, entry) => sum + entry.ms, 0);
  const rows = [...new Set([...a.keys(), ...b.keys()])]
    .map((key) => ({ key, ours: a.get(key) ?? { ms: 0, count: 0 }, floor: b.get(key) ?? { ms: 0, count: 0 } }))
    .sort((x, y) => y.ours.ms - y.floor.ms - (x.ours.ms - x.floor.ms))
    .slice(0, top);
  return [
    `browser tasks traced: ${total(a).toFixed(0)} ms of thread time against ${total(b).toFixed(0)} ms for the floor; the largest differences:`,
    ...rows.map(
      (row) =>
        `  ${row.ours.ms.toFixed(0)} ms in ${row.ours.count} tasks against ${row.floor.ms.toFixed(0)} ms in ${row.floor.count}: ${row.key}`,
    ),
  ];
}
