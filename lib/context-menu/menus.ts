import * as v from 'valibot';
import browser, { type Menus, type Tabs } from 'webextension-polyfill';
import { t } from '../i18n/t';
import { taskKey } from '../trackers/task-key';
import {
  handleMenuClick,
  type MenuAction,
  type MenuClickDeps,
  menuItemId,
  messageOf,
  type PendingAttach,
  PendingAttachSchema,
} from './click';
import { taskMenu } from './menu-model';
import { fetchInPage, PageFetchResultSchema } from './page-fetch';
import { loadRecentTasks } from './recent-tasks';
import { openTasks, taskChoices } from './task-choices';

/** "Other task…": each click's item under its own key (a screenshot may take megabytes of the session's quota). */
const pendingKey = (attachId: string) => `pendingAttach:${attachId}`;
/** Which item a picker tab was opened for: the item goes when the tab closes, attached or not. */
const pickerKey = (tabId: number) => `pendingAttachPicker:${tabId}`;

const roots: { action: MenuAction; title: () => string; contexts: Menus.ContextType[]; parentId?: string }[] = [
  { action: 'media', title: () => t('menuAttachToTask'), contexts: ['link', 'image', 'video', 'audio'] },
  { action: 'shot', title: () => t('menuScreenshot'), contexts: ['page'], parentId: 'page-root' },
  { action: 'link', title: () => t('menuPageLink'), contexts: ['page'], parentId: 'page-root' },
];

let rebuilding: Promise<void> = Promise.resolve();

async function buildMenus(): Promise<void> {
  if (!hasMenus()) return;
  const items = taskMenu(await openTasks(), await loadRecentTasks());
  await browser.contextMenus.removeAll();
  browser.contextMenus.create({ id: 'page-root', title: t('menuAttachToTask'), contexts: ['page'] });
  for (const root of roots) {
    const rootId = `${root.action}-root`;
    browser.contextMenus.create({
      id: rootId,
      title: root.title(),
      contexts: root.contexts,
      parentId: root.parentId,
    });
    for (const item of items) {
      const common = { parentId: rootId, contexts: root.contexts };
      if (item.kind === 'separator') {
        browser.contextMenus.create({ ...common, id: `${root.action}-${item.id}`, type: 'separator' });
      } else if (item.kind === 'other') {
        browser.contextMenus.create({ ...common, id: menuItemId(root.action, 'other'), title: t('menuOtherTask') });
      } else {
        browser.contextMenus.create({
          ...common,
          id: menuItemId(root.action, taskKey(item.choice.task)),
          title: item.label,
        });
      }
    }
  }
}

/** Rebuilds the menus from the open tabs and the recent tasks; serialised, since removeAll/create race otherwise. */
export function rebuildMenus(): Promise<void> {
  // Caught inside the chain: a rejected link would skip every later rebuild for the worker's life.
  rebuilding = rebuilding.then(buildMenus).catch((error: unknown) => console.error('TrackerDrop: context menu', error));
  return rebuilding;
}

function withoutHash(url: string): string {
  return url.split('#')[0] ?? url;
}

async function notify(message: string): Promise<void> {
  await browser.notifications.create({
    type: 'basic',
    iconUrl: browser.runtime.getURL('/icon/128.png'),
    title: t('notifyTitle'),
    message,
  });
}

/**
 * What a click needs, around the two things only the background has: the connected trackers' limits (which also
 * refuse a task of another account) and the upload queue.
 */
export const menuClickDeps = (background: Pick<MenuClickDeps, 'limitFor' | 'enqueue'>): MenuClickDeps => ({
  ...background,
  async taskFor(key) {
    return (await taskChoices()).find((choice) => taskKey(choice.task) === key);
  },
  async pageFetcher({ tabId, pageUrl, frameId = 0, frameUrl }, { url, maxBytes, credentials }) {
    // The tab may have gone to another page since the click: what runs there must be the page that was clicked.
    const tab = await browser.tabs.get(tabId).catch(() => undefined);
    if (!tab) return { error: t('menuTabClosed') };
    if (!pageUrl || !tab.url || withoutHash(tab.url) !== withoutHash(pageUrl)) return { error: t('menuPageChanged') };
    try {
      // In the frame that was clicked: a blob: URL or a frame's own session is not the top page's to use.
      const [result] = await browser.scripting.executeScript({
        target: { tabId, frameIds: [frameId] },
        func: fetchInPage,
        args: [url, maxBytes, credentials, frameId ? (frameUrl ?? null) : null],
      });
      const parsed = v.safeParse(PageFetchResultSchema, result?.result);
      return parsed.success ? parsed.output : { error: 'no answer from the page' };
    } catch (error) {
      // The browser refused to run it there (the click's grant is gone, a page no extension may script, a frame of
      // another site that the grant does not reach).
      return { refused: messageOf(error) };
    }
  },
  captureVisibleTab(windowId) {
    return browser.tabs.captureVisibleTab(windowId ?? browser.windows.WINDOW_ID_CURRENT, { format: 'png' });
  },
  async askForTask(pending) {
    const attachId = crypto.randomUUID();
    await browser.storage.session.set({ [pendingKey(attachId)]: pending });
    const url = browser.runtime.getURL(`/pick-task.html?attach=${attachId}`);
    const picker = await browser.tabs.create({ url }).catch(async (error: unknown) => {
      await dropPendingAttach(attachId);
      throw error;
    });
    if (picker.id !== undefined) await browser.storage.session.set({ [pickerKey(picker.id)]: attachId });
  },
  notify,
});

/** What an "Other task…" click left for its picker; it stays until it is queued, so a failed attach can be retried. */
export async function loadPendingAttach(attachId: string): Promise<PendingAttach | undefined> {
  const key = pendingKey(attachId);
  const parsed = v.safeParse(PendingAttachSchema, (await browser.storage.session.get(key))[key]);
  return parsed.success ? parsed.output : undefined;
}

export async function dropPendingAttach(attachId: string): Promise<void> {
  await browser.storage.session.remove(pendingKey(attachId));
}

/**
 * A closed picker's item goes with it. Not on the worker's start: the worker sleeps while the user types, and its
 * picker is still open; the browser empties session storage itself when it quits.
 */
async function forgetPicker(tabId: number): Promise<void> {
  const key = pickerKey(tabId);
  const attachId: unknown = (await browser.storage.session.get(key))[key];
  if (typeof attachId !== 'string') return;
  await browser.storage.session.remove([key, pendingKey(attachId)]);
}

/** Firefox for Android has no context menus (MDN browser-compat-data): "Attach to task" is not offered there. */
function hasMenus(): boolean {
  return browser.contextMenus !== undefined;
}

/** Keeps the submenu current as task tabs open, close and navigate, and answers its clicks. */
export function registerContextMenus(deps: MenuClickDeps): void {
  if (!hasMenus()) return;
  const refresh = (): void => void rebuildMenus();
  browser.runtime.onInstalled.addListener(refresh);
  browser.runtime.onStartup.addListener(refresh);
  browser.tabs.onUpdated.addListener((_id, change: Tabs.OnUpdatedChangeInfoType) => {
    if (change.url || change.title) refresh();
  });
  browser.tabs.onRemoved.addListener((tabId) => {
    refresh();
    forgetPicker(tabId).catch((error: unknown) => console.error('TrackerDrop: forgetting a picker', error));
  });
  browser.storage.onChanged.addListener((changes) => {
    if ('recentTasks' in changes) refresh();
  });
  browser.contextMenus.onClicked.addListener((info, tab) => {
    // The handler tells the user of every failure; this is for a notice that could not be shown either.
    handleMenuClick(info, tab, deps).catch((error: unknown) => console.error('TrackerDrop: context menu click', error));
  });
}
