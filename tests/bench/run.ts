/**
 * `npm run bench`: the built extension in Chromium against the sandbox, beside curl doing the same transfers in the
 * same run. Prints ratios (extension time / curl time) and the peak memory of the browser's processes. Not a test:
 * nothing here passes or fails; the figures go into README.md.
 */

import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { BrowserContext, Frame, Page } from '@playwright/test';
import { settingsKey } from '../../lib/settings/keys';
import { type Sandbox, startSandbox } from '../sandbox/server';
import { pyrusSandbox } from '../sandbox/trackers/pyrus';
import { extensionUrl, extensionWorker, launchWithExtension, storeSettings } from '../support/chromium';
import { type LocalFile, writeTestFiles } from '../support/disk';
import { samplePage } from '../support/sample-page';
import { expectText, type ShadowLocator, toolbarOf as toolbarIn } from '../support/shadow-ui';
import { bareExtensionWorker, writeBareExtension } from './bare-extension';
import { benchBigTask } from './big-task';
import { compareTraces, traceBrowser } from './browser-trace';
import { benchGrowth } from './growth';
import { median, pairedRatios } from './median';
import { timeToolbar } from './toolbar-timing';
import { profileWorker } from './worker-profile';
import { readWorkerTimeline, startWorkerTimeline } from './worker-timeline';

const run = promisify(execFile);
const MiB = 1024 * 1024;
const scale = Number(process.env.BENCH_SCALE ?? 1);
const small = { count: 200, bytes: 256 * 1024 };
const large = { count: 4, bytes: Math.round(64 * MiB * scale) };
const uploadBytes = Math.round(256 * MiB * scale);
/** Each timed side (extension, curl, the browser alone) runs this many times, interleaved; medians are compared. */
const repeats = Number(process.env.BENCH_REPEAT ?? 3);
/** `BENCH_TRACE=1`: the download part also traces one more round of each side and prints the browser's tasks. */
const traceBrowserTasks = process.env.BENCH_TRACE === '1';
/** `BENCH_PROFILE=1`: the download part also profiles the worker's processor time through one more Download all. */
const profileTheWorker = process.env.BENCH_PROFILE === '1';
const profilePort = 9333;
/** `BENCH_ONLY=download,zip,upload,progress,toolbar,growth,bigtask` (the default: all seven) runs just those parts. */
const parts = new Set((process.env.BENCH_ONLY ?? 'download,zip,upload,progress,toolbar,growth,bigtask').split(','));
/** The progress part: how many single-file uploads, and how large each. */
const progressRounds = Number(process.env.BENCH_PROGRESS_ROUNDS ?? 7);
const progressBytes = 16 * MiB;

const sandbox = await startSandbox();
const scratch = mkdtempSync(join(tmpdir(), 'trackerdrop-bench-'));
const downloadDir = join(scratch, 'downloads');
const profile = join(scratch, 'profile');
// Uploads spool into the sandbox's temporary folder, some 12 GiB over a full run: a stopped run must not leave it.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void sandbox.close().finally(() => {
      rmSync(scratch, { recursive: true, force: true });
      process.exit(130);
    });
  });
}
const curlTarget = (host: string) => ['--connect-to', `${host}:443:127.0.0.1:${sandbox.port}`];

/** Proportional memory (PSS: shared pages split between sharers) of one process, in KiB. */
async function pssKiB(pid: string): Promise<number> {
  try {
    const rollup = await readFile(`/proc/${pid}/smaps_rollup`, 'utf8');
    return Number(/^Pss:\s+(\d+)/m.exec(rollup)?.[1] ?? 0);
  } catch {
    return 0;
  }
}

/** The browser profile's processes, each with its kind (browser, renderer, extension, gpu-process, utility). */
async function browserProcesses(): Promise<{ pid: string; kind: string }[]> {
  const { stdout } = await run('ps', ['-eo', 'pid=,args='], { encoding: 'utf8', maxBuffer: 16 * MiB });
  return stdout
    .split('\n')
    .filter((line) => line.includes(profile))
    .map((line) => {
      const [pid = '', ...args] = line.trim().split(/\s+/);
      const type = /--type=(\S+)/.exec(args.join(' '))?.[1] ?? 'browser';
      const kind = args.includes('--extension-process') ? 'extension' : type;
      return { pid, kind };
    });
}

const clockTicksPerSecond = 100;

/** Processor time (user and system) each of the browser's processes has used so far, in ms, by pid. */
async function processorTimes(): Promise<Map<string, { kind: string; ms: number }>> {
  const times = new Map<string, { kind: string; ms: number }>();
  for (const { pid, kind } of await browserProcesses()) {
    try {
      // The command name in brackets may hold spaces: the fields are counted after its closing bracket.
      const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ticks = Number(fields[11]) + Number(fields[12]);
      times.set(pid, { kind, ms: (ticks * 1000) / clockTicksPerSecond });
    } catch {
      // Gone meanwhile.
    }
  }
  return times;
}

/** Processor time used between two readings, by kind of process, plus this Node process (Playwright and the sandbox). */
function processorTimeByKind(
  before: Map<string, { kind: string; ms: number }>,
  after: Map<string, { kind: string; ms: number }>,
  node: NodeJS.CpuUsage,
): string {
  const byKind = new Map<string, number>();
  for (const [pid, { kind, ms }] of after) byKind.set(kind, (byKind.get(kind) ?? 0) + ms - (before.get(pid)?.ms ?? 0));
  byKind.set('bench and sandbox (node)', (node.user + node.system) / 1000);
  return [...byKind].map(([kind, ms]) => `${kind} ${Math.round(ms)}`).join(', ');
}

/**
 * Memory of every process of this browser profile, sampled until stopped; the peak in MiB. Asynchronous: reading
 * smaps of a large process takes the kernel a while, and a blocked event loop would slow Playwright, so the
 * extension's time.
 */
function watchMemory(): { stop: () => Promise<number>; peakByKind: () => string } {
  let peak = 0;
  let peakByKind = '';
  let stopped = false;
  const sample = async () => {
    try {
      const processes = await browserProcesses();
      const sizes = await Promise.all(processes.map(({ pid }) => pssKiB(pid)));
      const total = sizes.reduce((sum, size) => sum + size, 0) / 1024;
      if (total <= peak) return;
      peak = total;
      const byKind = new Map<string, number>();
      for (const [index, { kind }] of processes.entries()) {
        byKind.set(kind, (byKind.get(kind) ?? 0) + (sizes[index] ?? 0) / 1024);
      }
      peakByKind = [...byKind].map(([kind, mib]) => `${kind} ${Math.round(mib)}`).join(', ');
    } catch {
      // ps can fail while processes come and go; the next sample counts.
    }
  };
  const sampling = (async () => {
    while (!stopped) {
      await sample();
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  })();
  return {
    stop: async () => {
      stopped = true;
      await sampling;
      return Math.round(peak);
    },
    /** The peak's processes by kind (browser, renderer, extension, gpu-process, utility), in MiB. */
    peakByKind: () => peakByKind,
  };
}

/**
 * Work timed under the memory sampler, with the peak it saw. curl's side runs under it too: sampling costs about a
 * third of a core, which on two cores would otherwise be a tax on the extension alone.
 */
async function underSampler<T>(
  work: () => Promise<T>,
): Promise<{ seconds: number; value: T; peakMiB: number; peakByKind: string; processorMs: string }> {
  const timesBefore = await processorTimes();
  const nodeBefore = process.cpuUsage();
  const sampler = watchMemory();
  try {
    const result = await timed(work);
    const processorMs = processorTimeByKind(timesBefore, await processorTimes(), process.cpuUsage(nodeBefore));
    return { ...result, peakMiB: await sampler.stop(), peakByKind: sampler.peakByKind(), processorMs };
  } catch (error) {
    await sampler.stop();
    throw error;
  }
}

/**
 * Starts watching the toolbar (a MutationObserver in the page, installed before this resolves) for at least
 * `count` elements matching `selector` that show `text`, having not done so first (a reloaded page still shows the
 * last outcome). The returned function waits for that, and tells when it happened (ms since epoch). Polling from
 * here would add up to half a second to the extension's time.
 */
async function watchToolbar(
  toolbar: ShadowLocator,
  { selector, text, count = 1 }: { selector: string; text: string | RegExp; count?: number },
): Promise<() => Promise<number>> {
  const pattern = typeof text === 'string' ? { source: text, literal: true } : { source: text.source, literal: false };
  const key = `watch-${Math.random()}`;
  // No named helpers inside: tsx would wrap them in a `__name` call that does not exist in the page.
  await toolbar.evaluate(
    (region, { key, selector, source, literal, count }) => {
      const scope = globalThis as unknown as { __benchWaits?: Record<string, Promise<number>> };
      const waits = scope.__benchWaits ?? {};
      scope.__benchWaits = waits;
      waits[key] = new Promise<number>((resolve) => {
        let moved = false;
        const observer = new MutationObserver(() => {
          const showing = [...region.querySelectorAll(selector)].filter((element) =>
            literal ? (element.textContent ?? '').includes(source) : new RegExp(source).test(element.textContent ?? ''),
          ).length;
          const matches = showing >= count;
          moved ||= !matches;
          if (!moved || !matches) return;
          observer.disconnect();
          resolve(Date.now());
        });
        observer.observe(region, { subtree: true, childList: true, characterData: true });
      });
    },
    { key, selector, count, ...pattern },
  );
  const shown = toolbar
    .evaluate(
      (_region, key) => (globalThis as unknown as { __benchWaits: Record<string, Promise<number>> }).__benchWaits[key],
      key,
    )
    .then(Number);
  return () => withinDeadline(toolbar, `waiting for "${pattern.source}"`, shown);
}

/** A step that never ends (a stuck job, a crashed page) fails the run, saying what the toolbar shows, instead of hanging. */
const stepDeadlineMs = Number(process.env.BENCH_STEP_DEADLINE_MIN ?? 10) * 60_000;

async function withinDeadline<T>(toolbar: ShadowLocator, what: string, work: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      void toolbar
        .textContent()
        .catch(() => '(the page is gone)')
        .then((shows) =>
          reject(
            new Error(
              `${what}: not done after ${stepDeadlineMs / 60_000} min; the toolbar shows:\n${shows.slice(0, 600)}`,
            ),
          ),
        );
    }, stepDeadlineMs);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Clicks a toolbar button and waits for the status to say it is done; button and watch are ready before the clock
 * starts. The time runs from the click event in the page to the status changing there: Playwright's own steps before
 * a click (scrolling, waiting for the button to be stable, a hit test) took 150 ms and more here, which is no part of
 * what a user waits for.
 */
async function clickUntilStatus(toolbar: ShadowLocator, button: string | RegExp, done: string | RegExp) {
  const target = toolbar.getByRole('button', { name: button });
  await target.waitFor();
  const finished = await watchToolbar(toolbar, { selector: '[role="status"]', text: done });
  await toolbar.evaluate((region) => {
    region.removeAttribute('data-bench-click');
    region.addEventListener('click', () => region.setAttribute('data-bench-click', String(Date.now())), {
      capture: true,
      once: true,
    });
  });
  const run = await underSampler(async () => {
    await target.click();
    return finished();
  });
  const clickedAt = Number(await toolbar.evaluate((region) => region.getAttribute('data-bench-click')));
  return { ...run, seconds: (run.value - clickedAt) / 1000, clickedAt };
}

/** A Download all's phases from the tracker's side, in ms after the click: the task asked again, the files, the end. */
function downloadPhases(sandbox: Sandbox, seq: number, clickedAt: number, seconds: number): string {
  const entries = sandbox.log.since(seq);
  const files = entries.filter((entry) => entry.path.startsWith('/v4/files/download/'));
  const others = entries.filter((entry) => !files.includes(entry));
  const after = (at: number) => `${at - clickedAt} ms`;
  return [
    ...others.map((entry) => `${entry.method} ${entry.path} at ${after(entry.time)}`),
    `first file asked at ${files[0] ? after(files[0].time) : 'none'}`,
    `last byte sent at ${after(Math.max(...files.map((entry) => entry.endTime ?? entry.time)))}`,
    `the toolbar said done at ${(seconds * 1000).toFixed(0)} ms`,
  ].join(', ');
}

async function timed<T>(work: () => Promise<T>): Promise<{ seconds: number; value: T }> {
  const start = performance.now();
  const value = await work();
  return { seconds: (performance.now() - start) / 1000, value };
}

async function pyrusToken(): Promise<string> {
  const { stdout } = await run('curl', [
    '-sk',
    ...curlTarget('accounts.pyrus.com'),
    '-H',
    'content-type: application/json',
    '-d',
    JSON.stringify({ login: pyrusSandbox.login, security_key: pyrusSandbox.securityKey }),
    'https://accounts.pyrus.com/api/v4/auth',
  ]);
  return (JSON.parse(stdout) as { access_token: string }).access_token;
}

/** curl writes the files to disk, as the browser does: the same work on both sides. */
async function curlDownloads(token: string, ids: readonly string[]): Promise<void> {
  const curlDir = join(scratch, 'curl');
  mkdirSync(curlDir, { recursive: true });
  const config = join(scratch, 'curl-downloads.txt');
  writeFileSync(
    config,
    ids.map((id) => `url = "https://files.pyrus.com/v4/files/download/${id}"\noutput = "${curlDir}/${id}"\n`).join(''),
  );
  await run('curl', [
    '-sSfk',
    '--parallel',
    '--parallel-max',
    '6',
    ...curlTarget('files.pyrus.com'),
    '-H',
    `Authorization: Bearer ${token}`,
    '-K',
    config,
  ]);
}

/** What curl does for one file in Pyrus: a multipart upload, then a comment that attaches the returned guid. */
async function curlUploads(token: string, files: readonly LocalFile[]): Promise<void> {
  const upload = async (file: LocalFile) => {
    const { stdout } = await run(
      'curl',
      [
        '-sSfk',
        ...curlTarget('files.pyrus.com'),
        '-H',
        `Authorization: Bearer ${token}`,
        '-F',
        `file=@${file.path}`,
        'https://files.pyrus.com/v4/files/upload',
      ],
      { maxBuffer: MiB },
    );
    return (JSON.parse(stdout) as { guid: string }).guid;
  };
  const guids: string[] = [];
  // Two at a time, as the extension's default of parallel uploads.
  for (let index = 0; index < files.length; index += 2) {
    guids.push(...(await Promise.all(files.slice(index, index + 2).map(upload))));
  }
  await run('curl', [
    '-sSfk',
    ...curlTarget('api.pyrus.com'),
    '-H',
    `Authorization: Bearer ${token}`,
    '-H',
    'content-type: application/json',
    '-d',
    JSON.stringify({ text: 'bench', attachments: guids }),
    `https://api.pyrus.com/v4/tasks/${pyrusSandbox.emptyTask}/comments`,
  ]);
}

/**
 * What the browser alone costs: the same files through `downloads.download` from the worker of an extension with
 * no logic (bare-extension.ts), 6 at a time, with none of our queue, ledger, listeners or toolbar. The download
 * ratio cannot go below this one.
 */
async function bareDownloadsApi(context: BrowserContext, token: string, ids: readonly string[]): Promise<void> {
  const worker = await bareExtensionWorker(context);
  // No named functions inside: tsx's name helper does not exist in the worker.
  await worker.evaluate(
    async ({ ids, token }) => {
      const finished = new Map<number, () => void>();
      chrome.downloads.onChanged.addListener((delta) => {
        if (delta.state?.current === 'complete') finished.get(delta.id)?.();
      });
      const queue = [...ids];
      await Promise.all(
        Array.from({ length: 6 }, async () => {
          for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
            const downloadId = await chrome.downloads.download({
              url: `https://files.pyrus.com/v4/files/download/${id}`,
              headers: [{ name: 'Authorization', value: `Bearer ${token}` }],
              filename: `bare/${id}`,
            });
            await new Promise<void>((resolve) => {
              finished.set(downloadId, resolve);
              void chrome.downloads.search({ id: downloadId }).then(([item]) => {
                if (item?.state === 'complete') resolve();
              });
            });
          }
        }),
      );
    },
    { ids, token },
  );
}

/**
 * A lower bound for any ZIP an extension saves through the downloads API, timed in an extension page with no ZIP
 * logic: the same files fetched 6 at a time and their bytes dropped (no archive written, no CRC), then a file of the
 * same size in the origin-private file system saved from a blob URL by `downloads.download`. A ZIP must have every
 * byte before the browser can save it, so it cannot take less than the two together. Extension pages share the
 * extension's process: the file is written once, outside the timing, and bodies are read into one reused buffer.
 */
async function bareZipFloor(
  context: BrowserContext,
  token: string,
  ids: readonly string[],
  bytes: number,
): Promise<{ fetchSeconds: number; copySeconds: number }> {
  const page = await context.newPage();
  await page.goto(await extensionUrl(context, '/popup.html'));
  try {
    // No named functions inside: tsx's name helper does not exist in the page.
    return await page.evaluate(
      async ({ ids, token, bytes }) => {
        const folder = await navigator.storage.getDirectory();
        const handle = await folder.getFileHandle('bench-zip-floor.bin', { create: true });
        if ((await handle.getFile()).size !== bytes) {
          const writable = await handle.createWritable();
          const piece = new Uint8Array(8 * 1024 * 1024).fill(7);
          for (let at = 0; at < bytes; at += piece.length) await writable.write(piece.subarray(0, bytes - at));
          await writable.close();
        }
        const fetchStart = performance.now();
        const queue = [...ids];
        await Promise.all(
          Array.from({ length: 6 }, async () => {
            let buffer = new ArrayBuffer(1024 * 1024);
            for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
              const response = await fetch(`https://files.pyrus.com/v4/files/download/${id}`, {
                headers: { Authorization: `Bearer ${token}` },
              });
              if (!response.ok || !response.body) throw new Error(`file ${id}: ${response.status}`);
              const reader = response.body.getReader({ mode: 'byob' });
              for (;;) {
                const { value, done } = await reader.read(new Uint8Array(buffer));
                if (value) buffer = value.buffer;
                if (done) break;
              }
            }
          }),
        );
        const copyStart = performance.now();
        const url = URL.createObjectURL(await handle.getFile());
        const downloadId = await chrome.downloads.download({ url, filename: 'bare-zip/floor.zip' });
        await new Promise<void>((resolve) => {
          chrome.downloads.onChanged.addListener((delta) => {
            if (delta.id === downloadId && delta.state?.current === 'complete') resolve();
          });
          void chrome.downloads.search({ id: downloadId }).then(([item]) => {
            if (item?.state === 'complete') resolve();
          });
        });
        const copyEnd = performance.now();
        URL.revokeObjectURL(url);
        return { fetchSeconds: (copyStart - fetchStart) / 1000, copySeconds: (copyEnd - copyStart) / 1000 };
      },
      { ids, token, bytes },
    );
  } finally {
    await page.close();
  }
}

type PickedIn = 'extension page' | 'tracker page';

interface PickedFiles {
  picked?: File[];
}

async function addFileInput(page: Page | Frame, files: readonly LocalFile[]): Promise<void> {
  await page.evaluate(() => {
    const input = document.createElement('input');
    input.type = 'file';
    input.multiple = true;
    input.id = 'bench-files';
    document.body.append(input);
  });
  await page.locator('#bench-files').setInputFiles(files.map((file) => file.path));
}

/**
 * An extension page holding the files as `picked`. Picked there, Chromium lets that process's network requests
 * read the files from disk themselves. Picked in the tracker's page, as the extension's files are, they travel to
 * the extension page through a frame of the extension in it, and lose that grant.
 */
async function extensionPageWithFiles(context: BrowserContext, files: readonly LocalFile[], pickedIn: PickedIn) {
  const bridgeUrl = await extensionUrl(context, '/bridge.html');
  const sender = await context.newPage();
  await sender.goto(await extensionUrl(context, '/popup.html'));
  if (pickedIn === 'extension page') {
    await addFileInput(sender, files);
    await sender.evaluate(() => {
      const input = document.getElementById('bench-files') as HTMLInputElement;
      (globalThis as PickedFiles).picked = [...(input.files ?? [])];
    });
    return { sender, close: () => sender.close() };
  }
  await sender.evaluate(() => {
    new BroadcastChannel('bench-files').onmessage = (event: MessageEvent<File[]>) => {
      (globalThis as PickedFiles).picked = event.data;
    };
  });
  const tracker = await context.newPage();
  await tracker.goto(`https://pyrus.com/t#id${pyrusSandbox.emptyTask}`);
  await addFileInput(tracker, files);
  await tracker.evaluate(
    (src) =>
      new Promise<void>((resolve) => {
        const frame = document.createElement('iframe');
        frame.id = 'bench-relay';
        frame.src = src;
        frame.onload = () => resolve();
        document.body.append(frame);
      }),
    bridgeUrl,
  );
  const relay = tracker.frames().find((frame) => frame.url() === bridgeUrl);
  if (!relay) throw new Error('the relay frame did not load');
  await relay.evaluate(() => {
    window.addEventListener('message', (event) => new BroadcastChannel('bench-files').postMessage(event.data));
  });
  // Node's URL gives no origin for a chrome-extension: address ('null'): the frame's is its scheme and host.
  const { protocol, host } = new URL(bridgeUrl);
  await tracker.evaluate((target) => {
    const input = document.getElementById('bench-files') as HTMLInputElement;
    const frame = document.getElementById('bench-relay') as HTMLIFrameElement;
    frame.contentWindow?.postMessage([...(input.files ?? [])], target);
  }, `${protocol}//${host}`);
  await sender.waitForFunction((count) => (globalThis as PickedFiles).picked?.length === count, files.length);
  return {
    sender,
    close: async () => {
      await tracker.close();
      await sender.close();
    },
  };
}

/**
 * What the browser alone costs for an upload: the same files sent by XMLHttpRequest from an extension page, two at
 * a time, then one comment, with none of the extension's hand-off, queue or hashing. The upload ratio cannot go
 * below the one for files picked in the tracker's page.
 */
async function bareXhrUploads(
  context: BrowserContext,
  token: string,
  files: readonly LocalFile[],
  pickedIn: PickedIn,
): Promise<number> {
  const { sender, close } = await extensionPageWithFiles(context, files, pickedIn);
  const seq = sandbox.log.lastSeq;
  const startedAt = Date.now();
  try {
    const { seconds } = await timed(() =>
      sender.evaluate(
        async ({ token, task }) => {
          const picked = (globalThis as PickedFiles).picked ?? [];
          const guids: string[] = [];
          for (let index = 0; index < picked.length; index += 2) {
            const sent = picked.slice(index, index + 2).map(
              (file) =>
                new Promise<string>((resolve, reject) => {
                  const xhr = new XMLHttpRequest();
                  xhr.open('POST', 'https://files.pyrus.com/v4/files/upload');
                  xhr.setRequestHeader('Authorization', `Bearer ${token}`);
                  xhr.responseType = 'json';
                  xhr.onload = () => resolve((xhr.response as { guid: string }).guid);
                  xhr.onerror = () => reject(new Error('upload failed'));
                  const form = new FormData();
                  form.append('file', file, file.name);
                  xhr.send(form);
                }),
            );
            guids.push(...(await Promise.all(sent)));
          }
          const response = await fetch(`https://api.pyrus.com/v4/tasks/${task}/comments`, {
            method: 'POST',
            headers: { Authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            body: JSON.stringify({ text: 'bare', attachments: guids }),
          });
          if (!response.ok) throw new Error(`comment: ${response.status}`);
        },
        { token, task: pyrusSandbox.emptyTask },
      ),
    );
    console.log(`    XMLHttpRequest alone (${pickedIn}), ms: ${requestSpans(seq, startedAt)}`);
    return seconds;
  } finally {
    await close();
  }
}

/** The tracker's side of a round: each request's arrival and the end of its answer, in ms after `startedAt`. */
function requestSpans(seq: number, startedAt: number): string {
  return sandbox.log
    .since(seq)
    .map(
      (entry) => `${entry.method} ${entry.path} ${entry.time - startedAt}–${(entry.endTime ?? entry.time) - startedAt}`,
    )
    .join(', ');
}

/**
 * Where a ZIP's time went, in ms after the click: the span of the file requests the tracker served, and the
 * browser's download of the archive (begun and ended).
 */
async function zipTimeline(context: BrowserContext, seq: number, clickedAt: number, seconds: number): Promise<string> {
  const files = sandbox.log.since(seq).filter((entry) => entry.path.startsWith('/v4/files/download/'));
  const firstAsked = Math.min(...files.map((entry) => entry.time));
  const lastSent = Math.max(...files.map((entry) => entry.endTime ?? entry.time));
  const [item] = await (await extensionWorker(context)).evaluate(() =>
    chrome.downloads.search({ limit: 1, orderBy: ['-startTime'] }),
  );
  const after = (time: string | undefined) => (time ? Date.parse(time) - clickedAt : '?');
  return `files asked ${firstAsked - clickedAt}–${lastSent - clickedAt} ms, ZIP download ${after(item?.startTime)}–${after(item?.endTime)} ms, toolbar ${Math.round(seconds * 1000)} ms`;
}

async function openTask(page: Page, taskId: string = pyrusSandbox.emptyTask): Promise<ShadowLocator> {
  const url = `https://pyrus.com/t#id${taskId}`;
  // The same hash would not load the page again.
  if (page.url() === url) await page.reload();
  else await page.goto(url);
  const toolbar = toolbarIn(page);
  await expectText(toolbar.getByRole('status'), /attachments/, { timeout: 30_000 });
  return toolbar;
}

function spread(values: readonly number[]): string {
  return `${Math.min(...values).toFixed(1)}–${Math.max(...values).toFixed(1)} s`;
}

function line(label: string, extension: number, curl: number, memory: number): string {
  return `${label}: extension ${extension.toFixed(1)} s, curl ${curl.toFixed(1)} s, ratio ${(extension / curl).toFixed(2)}, peak browser memory (PSS) ${memory} MiB`;
}

try {
  const task = pyrusSandbox.emptyTask;
  for (let index = 0; index < small.count; index++) {
    sandbox.emulators.pyrus.addFile(task, `small ${index}.bin`, {
      kind: 'generated',
      seed: `s${index}`,
      size: small.bytes,
    });
  }
  for (let index = 0; index < large.count; index++) {
    sandbox.emulators.pyrus.addFile(task, `large ${index}.bin`, {
      kind: 'generated',
      seed: `l${index}`,
      size: large.bytes,
    });
  }
  const ids = sandbox.emulators.pyrus.files(task).map((file) => file.id);
  const totalMiB = (small.count * small.bytes + large.count * large.bytes) / MiB;
  const token = await pyrusToken();

  const { context } = await launchWithExtension({
    hostResolverRules: sandbox.hostResolverRules(),
    downloadDir,
    userDataDir: profile,
    moreExtensionDirs: [writeBareExtension(join(scratch, 'bare-extension'))],
    remoteDebuggingPort: profileTheWorker ? profilePort : undefined,
  });
  await storeSettings(await extensionWorker(context), settingsKey('pyrus'), sandbox.emulators.pyrus.credentials());
  const page = await context.newPage();
  let toolbar = await openTask(page);
  // The same concurrency as curl's --parallel-max 6 (the extension's default is 4). Each round empties the folder
  // and saves every file again, as a first Download all does: no looking for files saved by the round before.
  await (await extensionWorker(context)).evaluate(() =>
    chrome.storage.local.set({ preferences: { parallelDownloads: 6, existingFiles: 'overwrite' } }),
  );
  const idle = watchMemory();
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const idleMiB = await idle.stop();

  // Each side runs `repeats` times, interleaved, and the medians are compared: curl alone moves by a third between
  // runs here.
  const curlDownload = { seconds: [] as number[] };
  const download = { seconds: [] as number[], peakMiB: 0 };
  const bare = { seconds: [] as number[] };
  for (let round = 0; round < (parts.has('download') ? repeats : 0); round++) {
    curlDownload.seconds.push((await underSampler(() => curlDownloads(token, ids))).seconds);
    rmSync(downloadDir, { recursive: true, force: true });
    toolbar = await openTask(page);
    const worker = await extensionWorker(context);
    await startWorkerTimeline(worker);
    const seq = sandbox.log.lastSeq;
    const run = await clickUntilStatus(toolbar, /^Download all/, `Saved ${ids.length} files.`);
    console.log(`  download round ${round + 1}: ${downloadPhases(sandbox, seq, run.clickedAt, run.seconds)}`);
    console.log(`    in the worker: ${await readWorkerTimeline(worker, sandbox, seq, { clickedAt: run.clickedAt })}`);
    download.seconds.push(run.seconds);
    download.peakMiB = Math.max(download.peakMiB, run.peakMiB);
    rmSync(downloadDir, { recursive: true, force: true });
    const floor = await underSampler(() => bareDownloadsApi(context, token, ids));
    bare.seconds.push(floor.seconds);
    console.log(`    processor time (ms) by process, the extension's round: ${run.processorMs}`);
    console.log(`    the floor's round (${Math.round(floor.seconds * 1000)} ms): ${floor.processorMs}`);
  }
  if (parts.has('download') && traceBrowserTasks) {
    // One more round of each side, untimed: tracing costs time of its own.
    const session = await context.newCDPSession(page);
    rmSync(downloadDir, { recursive: true, force: true });
    const opened = await openTask(page);
    const ours = await traceBrowser(session, async () => {
      await clickUntilStatus(opened, /^Download all/, `Saved ${ids.length} files.`);
    });
    rmSync(downloadDir, { recursive: true, force: true });
    const floor = await traceBrowser(session, () => bareDownloadsApi(context, token, ids));
    await session.detach();
    for (const traced of compareTraces(ours, floor)) console.log(`  ${traced}`);
  }
  if (parts.has('download') && profileTheWorker) {
    rmSync(downloadDir, { recursive: true, force: true });
    const opened = await openTask(page);
    const profiled = await profileWorker(profilePort, new URL((await extensionWorker(context)).url()).pathname, () =>
      clickUntilStatus(opened, /^Download all/, `Saved ${ids.length} files.`).then(() => undefined),
    );
    for (const profiledLine of profiled) console.log(`  ${profiledLine}`);
  }
  const curlMedian = median(curlDownload.seconds);
  if (parts.has('download')) {
    console.log(
      `${line(`download ${ids.length} files, ${totalMiB.toFixed(0)} MiB`, median(download.seconds), curlMedian, download.peakMiB)} (medians of ${repeats}; extension ${spread(download.seconds)}, curl ${spread(curlDownload.seconds)})`,
    );
    console.log(
      `the downloads API alone, same files, 6 at a time, no extension logic: ${median(bare.seconds).toFixed(1)} s, ratio ${(median(bare.seconds) / curlMedian).toFixed(2)} (the floor for the download ratio; ${spread(bare.seconds)})`,
    );
    console.log(`Download all over the floor, round by round: ${pairedRatios(download.seconds, bare.seconds)}`);
  }

  if (parts.has('zip')) {
    // curl fetches the same files beside each ZIP: the ZIP's floor is one download of each file.
    const curlZip = { seconds: [] as number[] };
    const zip = { seconds: [] as number[], peakMiB: 0 };
    const zipFloor = { seconds: [] as number[], fetch: [] as number[], copy: [] as number[] };
    for (let round = 0; round < repeats; round++) {
      curlZip.seconds.push((await underSampler(() => curlDownloads(token, ids))).seconds);
      rmSync(downloadDir, { recursive: true, force: true });
      toolbar = await openTask(page);
      const seq = sandbox.log.lastSeq;
      const run = await clickUntilStatus(toolbar, 'Download as ZIP', /Saved .+\.zip\./);
      zip.seconds.push(run.seconds);
      zip.peakMiB = Math.max(zip.peakMiB, run.peakMiB);
      console.log(`  zip round ${round + 1}: ${await zipTimeline(context, seq, run.clickedAt, run.seconds)}`);
      console.log(`    peak memory ${run.peakMiB} MiB: ${run.peakByKind}`);
    }
    // The floor's rounds come after the ZIP's: extension pages share the extension's process, and each floor round
    // left it some 100 MiB larger for the next ZIP's memory peak to count.
    for (let round = 0; round < repeats; round++) {
      rmSync(downloadDir, { recursive: true, force: true });
      const floor = await bareZipFloor(context, token, ids, totalMiB * MiB);
      zipFloor.fetch.push(floor.fetchSeconds);
      zipFloor.copy.push(floor.copySeconds);
      zipFloor.seconds.push(floor.fetchSeconds + floor.copySeconds);
      console.log(
        `  zip floor round ${round + 1}: files fetched in ${Math.round(floor.fetchSeconds * 1000)} ms, a file as large saved from a blob URL in ${Math.round(floor.copySeconds * 1000)} ms`,
      );
    }
    rmSync(downloadDir, { recursive: true, force: true });
    console.log(
      `${line(`zip of the same ${totalMiB.toFixed(0)} MiB`, median(zip.seconds), median(curlZip.seconds), zip.peakMiB)} (medians of ${repeats}; extension ${spread(zip.seconds)}, curl ${spread(curlZip.seconds)})`,
    );
    console.log(
      `the browser alone, no ZIP logic (files fetched in a page, bytes dropped; then a file as large saved from a blob URL): ${median(zipFloor.seconds).toFixed(1)} s, ratio ${(median(zipFloor.seconds) / median(curlZip.seconds)).toFixed(2)} (the floor for the ZIP ratio; ${spread(zipFloor.seconds)}; fetch ${spread(zipFloor.fetch)}, save ${spread(zipFloor.copy)})`,
    );
    console.log(`ZIP over that floor: ${(median(zip.seconds) / median(zipFloor.seconds)).toFixed(2)} (medians)`);
  }

  if (parts.has('upload')) {
    const files = await writeTestFiles(
      scratch,
      Array.from({ length: 4 }, (_, index) => ({ name: `upload ${index}.bin`, size: uploadBytes })),
    );
    const uploadMiB = (files.length * uploadBytes) / MiB;
    const curlUpload = { seconds: [] as number[] };
    const upload = { seconds: [] as number[], handOff: [] as number[], peakMiB: 0 };
    const bareUpload = { seconds: [] as number[] };
    const bareFromTracker = { seconds: [] as number[] };
    for (let round = 0; round < repeats; round++) {
      curlUpload.seconds.push((await underSampler(() => curlUploads(token, files))).seconds);
      toolbar = await openTask(page);
      const attached = await watchToolbar(toolbar, {
        selector: 'ul[aria-label="Attach files"] > li',
        text: 'attached',
        count: files.length,
      });
      const queued = await watchToolbar(toolbar, {
        selector: '[role="alert"]',
        text: `Files queued for the task: ${files.length}.`,
      });
      const picker = toolbar.locator('input[type=file]');
      await picker.waitFor();
      const seq = sandbox.log.lastSeq;
      const startedAt = Date.now();
      const run = await underSampler(async () => {
        const handOff = await timed(async () => {
          await picker.setInputFiles(files.map((file) => file.path));
          await queued();
        });
        await attached();
        return handOff.seconds;
      });
      console.log(
        `  upload round ${round + 1}, ms: hand-off ${Math.round(run.value * 1000)}, ${requestSpans(seq, startedAt)}, attached ${Math.round(run.seconds * 1000)}`,
      );
      upload.seconds.push(run.seconds);
      upload.handOff.push(run.value);
      upload.peakMiB = Math.max(upload.peakMiB, run.peakMiB);
      bareUpload.seconds.push(await bareXhrUploads(context, token, files, 'extension page'));
      const floor = await underSampler(() => bareXhrUploads(context, token, files, 'tracker page'));
      bareFromTracker.seconds.push(floor.value);
      console.log(
        `    peak memory ${run.peakMiB} MiB: ${run.peakByKind}; the floor's ${floor.peakMiB} MiB: ${floor.peakByKind}`,
      );
      console.log(`    processor time (ms) by process, the extension's round: ${run.processorMs}`);
      console.log(`    the floor's round, files picked in the tracker's page: ${floor.processorMs}`);
    }
    const curlUploadMedian = median(curlUpload.seconds);
    console.log(
      `hand-off of ${uploadMiB.toFixed(0)} MiB into the queue: ${(uploadMiB / median(upload.handOff)).toFixed(0)} MB/s`,
    );
    console.log(
      `${line(
        `upload and attach ${files.length} x ${(uploadBytes / MiB).toFixed(0)} MiB`,
        median(upload.seconds),
        curlUploadMedian,
        upload.peakMiB,
      )} (medians of ${repeats}; extension ${spread(upload.seconds)}, curl ${spread(curlUpload.seconds)})`,
    );
    for (const [where, bare] of [
      ['the sending extension page', bareUpload],
      ["the tracker's page (the floor for the upload ratio)", bareFromTracker],
    ] as const) {
      console.log(
        `XMLHttpRequest alone, 2 at a time, no extension logic, files picked in ${where}: ${median(bare.seconds).toFixed(1)} s, ratio ${(median(bare.seconds) / curlUploadMedian).toFixed(2)} (${spread(bare.seconds)})`,
      );
    }
    console.log(`upload over the floor, round by round: ${pairedRatios(upload.seconds, bareFromTracker.seconds)}`);
  }
  if (parts.has('progress')) {
    // The tracker holds each upload for a while once its whole body arrived: the byte count has reached the end, and
    // the toolbar shows 100% before the answer comes. The time between is how late the toolbar tells of progress.
    const [file] = await writeTestFiles(scratch, [{ name: 'progress.bin', size: progressBytes }]);
    if (!file) throw new Error('no file for the progress part');
    const lateMs: number[] = [];
    for (let round = 0; round < progressRounds; round++) {
      const seq = sandbox.log.lastSeq;
      sandbox.faults.add({ host: 'files.pyrus.com', path: '^/v4/files/upload', holdMs: 1500 });
      toolbar = await openTask(page);
      const full = await watchToolbar(toolbar, {
        selector: 'ul[aria-label="Attach files"] > li',
        text: 'uploading 100%',
      });
      const attached = await watchToolbar(toolbar, {
        selector: 'ul[aria-label="Attach files"] > li',
        text: 'attached',
      });
      await toolbar.locator('input[type=file]').setInputFiles([file.path]);
      const shownAt = await full();
      await attached();
      const arrivedAt = sandbox.log
        .since(seq)
        .find((entry) => entry.host === 'files.pyrus.com' && entry.receivedTime !== undefined)?.receivedTime;
      if (arrivedAt === undefined) throw new Error('the upload never reached the tracker whole');
      lateMs.push(shownAt - arrivedAt);
    }
    console.log(
      `upload progress: the toolbar shows a file's last byte sent ${median(lateMs).toFixed(0)} ms after the tracker has it (median of ${progressRounds}; ${Math.min(...lateMs)}–${Math.max(...lateMs)} ms)`,
    );
  }
  if (parts.has('toolbar')) {
    const sample = samplePage(sandbox, 'pyrus');
    console.log(await timeToolbar(context, sample.url, Number(process.env.BENCH_TOOLBAR_ROUNDS ?? 15)));
  }
  if (parts.has('growth')) {
    const growth = await benchGrowth({
      sandbox,
      repeats,
      openTask: (taskId) => openTask(page, taskId),
      clickUntilStatus,
      bareDownloads: (growthIds) => underSampler(() => bareDownloadsApi(context, token, growthIds)),
      curlDownloads: (growthIds) => underSampler(() => curlDownloads(token, growthIds)),
      emptyDownloads: () => rmSync(downloadDir, { recursive: true, force: true }),
    });
    for (const result of growth) console.log(result);
  }
  if (parts.has('bigtask')) {
    const bigTask = await benchBigTask({
      context,
      page,
      sandbox,
      repeats,
      clickUntilStatus,
      bareDownloads: (bigIds) => underSampler(() => bareDownloadsApi(context, token, bigIds)),
      emptyDownloads: () => rmSync(downloadDir, { recursive: true, force: true }),
    });
    for (const result of bigTask) console.log(result);
  }
  console.log(`idle browser memory (PSS) with the task page open: ${idleMiB} MiB`);
  await context.close();
} finally {
  await sandbox.close();
  rmSync(scratch, { recursive: true, force: true });
}
