import * as v from 'valibot';
import { AppError, asAppError } from '../errors';
import { errorText } from '../i18n/error-text';
import { t } from '../i18n/t';
import { type TaskRef, trackerOf } from '../trackers/registry';
import type { BatchPlan } from '../uploads/intake';
import { clickedLabel } from './clicked-label';
import { type FetchedResource, fetchResource, type PageFetcher } from './fetch-resource';
import { keptAwake } from './keep-awake';
import type { TaskChoice } from './menu-model';
import { namedFile } from './resource-name';

export type MenuAction = 'media' | 'shot' | 'link';
const actions = ['media', 'shot', 'link'] as const satisfies readonly MenuAction[];

/** Menu item ids carry what to do and where: `<action>|<task key>` or `<action>|other`. */
export function menuItemId(action: MenuAction, target: string): string {
  return `${action}|${target}`;
}

export function parseMenuItemId(id: string | number): { action: MenuAction; target: string } | undefined {
  const [action, ...rest] = String(id).split('|');
  const found = actions.find((candidate) => candidate === action);
  return found && rest.length > 0 ? { action: found, target: rest.join('|') } : undefined;
}

/**
 * What the click was on, kept until a task is chosen ("Other task…" asks on a page of its own). `screenshot` is
 * the visible area, captured at the click (later the tab may show something else).
 */
export const PendingAttachSchema = v.strictObject({
  action: v.picklist(actions),
  url: v.optional(v.string()),
  pageUrl: v.optional(v.string()),
  pageTitle: v.optional(v.string()),
  tabId: v.optional(v.number()),
  /** A frame inside the page (not the top one) the click was in, and its address. */
  frameId: v.optional(v.number()),
  frameUrl: v.optional(v.string()),
  incognito: v.optional(v.boolean()),
  screenshot: v.optional(v.pipe(v.string(), v.startsWith('data:image/png'))),
});
export type PendingAttach = v.InferOutput<typeof PendingAttachSchema>;

/** The parts of `contextMenus.OnClickData` and `tabs.Tab` the handler reads. */
export interface MenuClickInfo {
  menuItemId: string | number;
  srcUrl?: string;
  linkUrl?: string;
  pageUrl?: string;
  frameId?: number;
  frameUrl?: string;
  mediaType?: string;
}
export interface MenuClickTab {
  id?: number;
  url?: string;
  title?: string;
  windowId?: number;
  incognito?: boolean;
}

export interface MenuClickDeps {
  taskFor(key: string): Promise<TaskChoice | undefined>;
  /** The largest file the task's tracker takes; refuses a task that is not of the connected account. */
  limitFor(task: TaskRef): Promise<number>;
  pageFetcher: PageFetcher;
  captureVisibleTab(windowId: number | undefined): Promise<string>;
  enqueue(plan: BatchPlan, files: Blob[]): Promise<void>;
  askForTask(pending: PendingAttach): Promise<void>;
  notify(message: string): Promise<void>;
}

function stamp(now: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())} ${pad(now.getHours())}-${pad(now.getMinutes())}-${pad(now.getSeconds())}`;
}

function hostOf(url: string | undefined): string {
  try {
    return url ? new URL(url).host : '';
  } catch {
    return '';
  }
}

async function blobOfDataUrl(dataUrl: string): Promise<Blob> {
  return (await fetch(dataUrl)).blob();
}

async function resourceFor(pending: PendingAttach, task: TaskRef, deps: MenuClickDeps): Promise<FetchedResource> {
  const limit = await deps.limitFor(task);
  switch (pending.action) {
    case 'media': {
      if (!pending.url) throw new AppError('source', { detail: 'no address' });
      const { url, tabId, pageUrl, frameId, frameUrl, incognito } = pending;
      return fetchResource(
        { url, tabId, pageUrl, frameId, frameUrl, incognito },
        task.tracker,
        limit,
        deps.pageFetcher,
      );
    }
    case 'shot': {
      if (!pending.screenshot) throw new AppError('source', { detail: 'no screenshot' });
      const blob = await blobOfDataUrl(pending.screenshot);
      const name = namedFile(`Screenshot ${hostOf(pending.pageUrl)} ${stamp(new Date())}`, 'png');
      return { name, type: 'image/png', blob };
    }
    case 'link': {
      const url = pending.pageUrl ?? '';
      const blob = new Blob([`[InternetShortcut]\r\nURL=${url}\r\n`], { type: 'application/internet-shortcut' });
      const title = (pending.pageTitle ?? '').trim() || hostOf(url) || 'link';
      return { name: namedFile(title, 'url'), type: blob.type, blob };
    }
  }
}

/**
 * Fetches (or makes) the file and puts it into the same upload queue as dropped files. The outcome is notified;
 * a failure is also returned, for the picker page to show.
 */
export async function attachPending(
  pending: PendingAttach,
  choice: TaskChoice,
  deps: MenuClickDeps,
): Promise<AppError | undefined> {
  let label = clickedLabel(pending.url ?? pending.pageUrl ?? '');
  let queued: string;
  try {
    queued = await keptAwake(async () => {
      const resource = await resourceFor(pending, choice.task, deps);
      label = resource.name;
      const comment =
        // Where files go in through a comment, the page's title and address go into the comment too.
        pending.action === 'link' && trackerOf(choice.task.tracker).capabilities.attachesThroughComment
          ? `${pending.pageTitle ?? ''}\n${pending.pageUrl ?? ''}`.trim()
          : undefined;
      await deps.enqueue(
        {
          batchId: crypto.randomUUID(),
          task: choice.task,
          files: [{ name: resource.name, size: resource.blob.size, type: resource.type }],
          comment,
          pageUrl: choice.url,
        },
        [resource.blob],
      );
      return resource.name;
    });
  } catch (error) {
    if (error instanceof AppError && error.kind === 'too-large' && error.details.detail) label = error.details.detail;
    const failure = error instanceof AppError ? error : new AppError('unexpected', { detail: 'could not attach' });
    await deps.notify(t('menuFailed', label, errorText(failure.toJSON()))).catch(noticeRefused);
    return failure;
  }
  // Queued is queued: a notice the browser refuses must not report a failure, or a retry would queue it twice.
  const where = `${trackerOf(choice.task.tracker).label} ${choice.task.id}`;
  await deps.notify(t('menuQueued', queued, where)).catch(noticeRefused);
  return undefined;
}

function noticeRefused(error: unknown): void {
  console.warn('TrackerDrop: the browser refused a notification', error);
}

/** The browser's own words for what it refused (they are what tells one refusal from another). */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A step of the click the browser refused, already worded for the notice. */
class Refused extends Error {}

function refused(reason: 'menuNoScreenshot' | 'menuNotKept') {
  return (error: unknown): never => {
    throw new Refused(t(reason, messageOf(error)));
  };
}

/** The menu's click handler: a plain function, driven in tests with the objects the browser passes. */
export async function handleMenuClick(info: MenuClickInfo, tab: MenuClickTab | undefined, deps: MenuClickDeps) {
  const parsed = parseMenuItemId(info.menuItemId);
  if (!parsed) return;
  const pending: PendingAttach = {
    action: parsed.action,
    url: info.srcUrl ?? info.linkUrl,
    pageUrl: info.pageUrl ?? tab?.url,
    pageTitle: tab?.title,
    tabId: tab?.id,
    // What is inside a frame is fetched by a script in that frame: the top page may not reach it (a blob: URL or a
    // resource of the frame's own site and session). The screenshot and the page link stay the tab's.
    ...(info.frameId ? { frameId: info.frameId, frameUrl: info.frameUrl } : {}),
    ...(tab?.incognito ? { incognito: true } : {}),
  };
  if (parsed.action === 'media' && info.linkUrl && !info.srcUrl) pending.url = info.linkUrl;
  try {
    if (parsed.action === 'shot') {
      pending.screenshot = await deps.captureVisibleTab(tab?.windowId).catch(refused('menuNoScreenshot'));
    }
    if (parsed.target === 'other') {
      await deps.askForTask(pending).catch(refused('menuNotKept'));
      return;
    }
    const choice = await deps.taskFor(parsed.target);
    if (!choice) {
      await deps.notify(t('menuNoTasks'));
      return;
    }
    await attachPending(pending, choice, deps);
  } catch (error) {
    const reason = error instanceof Refused ? error.message : errorText(asAppError(error).toJSON());
    await deps.notify(t('menuFailed', clickedLabel(pending.url ?? pending.pageUrl ?? ''), reason));
  }
}
