/**
 * A CPU profile of the extension's service worker over some work (`BENCH_PROFILE=1`): how long its thread was busy,
 * and with what. Playwright opens no DevTools session on a service worker, so the bench starts Chromium with a remote
 * debugging port and attaches to the worker with puppeteer-core. V8 names the native side of an extension API call
 * after one binding (often `setTitle`) whatever the API: the stacks above it say which, so the callers are printed.
 */

import puppeteer from 'puppeteer-core';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples?: number[];
  timeDeltas?: number[];
}

/** The native IndexedDB calls, as V8 names them. */
const indexedDbCalls = new Set(['put', 'get', 'getAll', 'count', 'delete', 'transaction', 'update', 'continue']);
const notBusy = new Set(['(idle)', '(root)']);

function where(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  const file = url.split('/').pop();
  return file ? `${functionName || '(anonymous)'} ${file}:${lineNumber + 1}` : functionName || '(native)';
}

/** Busy time, the share of IndexedDB calls, and the functions with the most time of their own, as printable lines. */
export function summarizeProfile(profile: CpuProfile, top = 12): string[] {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, ProfileNode>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node);
  const selfMs = new Map<string, number>();
  let busyMs = 0;
  let indexedDbMs = 0;
  for (const [index, id] of (profile.samples ?? []).entries()) {
    const node = byId.get(id);
    const ms = (profile.timeDeltas?.[index] ?? 0) / 1000;
    if (!node || notBusy.has(node.callFrame.functionName)) continue;
    busyMs += ms;
    if (!node.callFrame.url && indexedDbCalls.has(node.callFrame.functionName)) indexedDbMs += ms;
    const caller = node.callFrame.url ? undefined : parentOf.get(node.id);
    const name = caller ? `${where(node)} < ${where(caller)}` : where(node);
    selfMs.set(name, (selfMs.get(name) ?? 0) + ms);
  }
  const heaviest = [...selfMs].sort((a, b) => b[1] - a[1]).slice(0, top);
  return [
    `the worker's thread busy ${Math.round(busyMs)} ms, IndexedDB calls ${Math.round(indexedDbMs)} ms of it; the most time of their own:`,
    ...heaviest.map(([name, ms]) => `  ${Math.round(ms)} ms ${name}`),
  ];
}

/** Profiles the worker whose script is `scriptPath` while `work` runs, in the browser listening on `port`. */
export async function profileWorker(port: number, scriptPath: string, work: () => Promise<void>): Promise<string[]> {
  const browser = await puppeteer.connect({ browserURL: `http://127.0.0.1:${port}` });
  try {
    const target = await browser.waitForTarget(
      (candidate) => candidate.type() === 'service_worker' && new URL(candidate.url()).pathname === scriptPath,
    );
    const session = await target.createCDPSession();
    await session.send('Profiler.enable');
    await session.send('Profiler.setSamplingInterval', { interval: 200 });
    await session.send('Profiler.start');
    await work();
    const { profile } = await session.send('Profiler.stop');
    await session.detach();
    return summarizeProfile(profile);
  } finally {
    await browser.disconnect();
  }
}
