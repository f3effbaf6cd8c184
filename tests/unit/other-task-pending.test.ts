import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { handlers } from '../../lib/background/handlers';
import { handleMenuClick, menuItemId } from '../../lib/context-menu/click';
import { loadPendingAttach, menuClickDeps, registerContextMenus } from '../../lib/context-menu/menus';
import { AppError } from '../../lib/errors';
import { saveTrackerSettings } from '../../lib/settings/store';
import { type TaskRef, type TrackerId, trackerOf } from '../../lib/trackers/registry';
import type { BatchPlan } from '../../lib/uploads/intake';
import { useSandbox } from '../support/use-sandbox';

/**
 * "Other task…": each click's item waits under its own id, named in its picker tab's address; the picker attaches
 * exactly that item, which stays until it is queued (a failure leaves it for a retry) and goes when its tab closes.
 */

const sandbox = useSandbox();

/** Tasks of the sandbox's accounts: the picker's target is asked before anything is queued. */
const pyrusUrl = 'https://pyrus.com/t#id1001';
const ytUrl = 'https://tracker.yandex.ru/TEST-1';
const page = { id: 7, windowId: 1, url: 'https://news.example.org/post', title: 'A post' };
const shotOf = (text: string) => `data:image/png;base64,${Buffer.from(text).toString('base64')}`;

let queued: { plan: BatchPlan; files: Blob[] }[];
let refuse: ((task: TaskRef) => void) | undefined;
let hold: Promise<void> | undefined;

function background() {
  const menus = menuClickDeps({
    async limitFor(task) {
      refuse?.(task);
      return 1 << 20;
    },
    async enqueue(plan, files) {
      await hold;
      queued.push({ plan, files });
    },
  });
  const routes = handlers({ downloads: {} as never, transfers: {} as never, menus });
  const attachPendingTo = (attachId: string, taskUrl: string) =>
    routes.attachPendingTo({ attachId, taskUrl }, { tab: undefined });
  return { menus, attachPendingTo };
}

/** A screenshot "Other task…" click on a page showing `text`; answers the id its picker tab was opened with. */
async function clickOtherTask(menus: ReturnType<typeof menuClickDeps>, text: string): Promise<string> {
  const before = new Set((await fakeBrowser.tabs.query({})).map((tab) => tab.id));
  const deps = { ...menus, captureVisibleTab: async () => shotOf(text) };
  await handleMenuClick({ menuItemId: menuItemId('shot', 'other'), pageUrl: page.url }, page, deps);
  const picker = (await fakeBrowser.tabs.query({})).find((tab) => !before.has(tab.id));
  const attachId = new URL(picker?.url ?? 'about:blank').searchParams.get('attach');
  if (!picker?.url?.includes('/pick-task.html') || !attachId) throw new Error('no picker opened');
  return attachId;
}

const failureOf = (attempt: Promise<unknown>) =>
  attempt.then(
    () => 'queued',
    (error: AppError) => `${error.kind}${error.details.detail ? ` ${error.details.detail}` : ''}`,
  );

const storedKeys = async () => Object.keys(await fakeBrowser.storage.session.get(null)).sort();

afterEach(() => {
  vi.restoreAllMocks();
});

async function connect(id: TrackerId): Promise<void> {
  const tracker = trackerOf(id);
  await saveTrackerSettings(tracker, { ...tracker.initial, ...sandbox().emulators[id].credentials() });
}

beforeEach(async () => {
  fakeBrowser.reset();
  queued = [];
  refuse = undefined;
  hold = undefined;
  vi.spyOn(fakeBrowser.notifications, 'create').mockResolvedValue('notice');
  // keptAwake nudges the worker while a slow attach runs; fakeBrowser has no platform to tell.
  vi.spyOn(fakeBrowser.runtime, 'getPlatformInfo').mockResolvedValue({ os: 'linux', arch: 'x86-64' });
  await connect('pyrus');
  await connect('yandex-tracker');
});

describe('Other task… twice in a row', () => {
  it("each picker attaches its own click's screenshot", async () => {
    const { menus, attachPendingTo } = background();
    const first = await clickOtherTask(menus, 'screenshot A');
    const second = await clickOtherTask(menus, 'screenshot B');
    expect(first).not.toBe(second);

    await attachPendingTo(first, pyrusUrl);
    await attachPendingTo(second, ytUrl);
    expect(queued.map(({ plan }) => plan.task.id)).toEqual(['1001', 'TEST-1']);
    expect(await Promise.all(queued.map(({ files }) => files[0]?.text()))).toEqual(['screenshot A', 'screenshot B']);
  });
});

describe('a failed attach', () => {
  it('keeps what was clicked for a retry, which queues it once; then nothing is left', async () => {
    const { menus, attachPendingTo } = background();
    const attachId = await clickOtherTask(menus, 'screenshot');
    refuse = (task) => {
      throw new AppError('not-configured', { tracker: task.tracker });
    };
    expect(await failureOf(attachPendingTo(attachId, pyrusUrl))).toBe('not-configured');

    refuse = undefined;
    expect(await failureOf(attachPendingTo(attachId, pyrusUrl))).toBe('queued');
    expect(queued).toHaveLength(1);
    expect(await failureOf(attachPendingTo(attachId, pyrusUrl))).toBe('not-found nothing pending');
    expect(queued).toHaveLength(1);
  });

  it('to a task that is not there is told to the picker, and keeps what was clicked for the right task', async () => {
    const { menus, attachPendingTo } = background();
    const attachId = await clickOtherTask(menus, 'screenshot');
    expect(await failureOf(attachPendingTo(attachId, 'https://pyrus.com/t#id999999'))).toMatch(/^not-found /);
    expect(queued).toEqual([]);
    expect((await loadPendingAttach(attachId))?.action).toBe('shot');

    expect(await failureOf(attachPendingTo(attachId, pyrusUrl))).toBe('queued');
    expect(await Promise.all(queued.map(({ files }) => files[0]?.text()))).toEqual(['screenshot']);
  });

  it('is not queued twice when its picker submits again while the first submit is under way', async () => {
    const { menus, attachPendingTo } = background();
    const attachId = await clickOtherTask(menus, 'screenshot');
    let release = () => {};
    hold = new Promise((resolve) => {
      release = resolve;
    });
    const submits = [failureOf(attachPendingTo(attachId, pyrusUrl)), failureOf(attachPendingTo(attachId, pyrusUrl))];
    // Whichever submit gets in first is held at queueing; the other is answered meanwhile, however long asking the
    // task took (the two read storage on their own, so either may get in first).
    const answeredFirst = await Promise.race(submits);
    release();
    expect(answeredFirst).toBe('conflict already attaching');
    expect((await Promise.all(submits)).sort()).toEqual(['conflict already attaching', 'queued']);
    expect(queued).toHaveLength(1);
  });
});

describe('a closed picker tab', () => {
  it('takes its own item out of session storage, and only that one', async () => {
    for (const method of ['create', 'removeAll'] as const) {
      vi.spyOn(fakeBrowser.contextMenus, method).mockImplementation(async () => undefined);
    }
    vi.spyOn(fakeBrowser.contextMenus.onClicked, 'addListener').mockImplementation(() => undefined);
    const { menus, attachPendingTo } = background();
    registerContextMenus(menus);
    const closed = await clickOtherTask(menus, 'screenshot A');
    const kept = await clickOtherTask(menus, 'screenshot B');
    const pickerOf = async (attachId: string) =>
      (await fakeBrowser.tabs.query({})).find((tab) => tab.url?.endsWith(`attach=${attachId}`))?.id ?? -1;

    await fakeBrowser.tabs.onRemoved.trigger(await pickerOf(closed), { windowId: 0, isWindowClosing: false });
    await vi.waitFor(async () => expect((await storedKeys()).join()).not.toContain(closed));
    expect(await storedKeys()).toEqual([`pendingAttach:${kept}`, `pendingAttachPicker:${await pickerOf(kept)}`].sort());
    expect(await failureOf(attachPendingTo(closed, pyrusUrl))).toBe('not-found nothing pending');
    expect(await failureOf(attachPendingTo(kept, pyrusUrl))).toBe('queued');
  });
});
