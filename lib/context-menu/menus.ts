import * as v from 'valibot';
import browser, { type Menus, type Tabs } from 'webextension-polyfill';
import { t } from '../i18n/t';
import { taskKey } from '../trackers/task-key';
import {
  handleMenuClick,
  type MenuAction,
  type MenuClickDeps,
  menuItemId,
  type PendingAttach,
  PendingAttachSchema,
} from './click';
import { taskMenu } from './menu-model';
import { fetchInPage, PageFetchResultSchema } from './page-fetch';
import { loadRecentTasks } from './recent-tasks';
import { openTasks, taskChoices } from './task-choices';

const pendingKey = 'pendingAttach';

const roots: { action: MenuAction; title: () => string; contexts: Menus.ContextType[]; parentId?: string }[] = [
  { action: 'media', title: () => t('menuAttachToTask'), contexts: ['link', 'image', 'video', 'audio'] },
  { action: 'shot', title: () => t('menuScreenshot'), contexts: ['page'], parentId: 'page-root' },
  { action: 'link', title: () => t('menuPageLink'), contexts: ['page'], parentId: 'page-root' },
];

let rebuilding: Promise<void> = Promise.resolve();

/** Rebuilds the menus from the open tabs and the recent tasks; serialised, since removeAll/create race otherwise. */
export function rebuildMenus(): Promise<void> {
  rebuilding = rebuilding.then(async () => {
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
  });
  return rebuilding.catch((error: unknown) => console.error('TrackerDrop: context menu', error));
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
  async pageFetcher({ tabId, pageUrl }, { url, maxBytes, credentials }) {
    // The tab may have gone to another page since the click: what runs there must be the page that was clicked.
    const shown = (await browser.tabs.get(tabId)).url;
    if (!pageUrl || !shown || withoutHash(shown) !== withoutHash(pageUrl)) return { error: t('menuPageChanged') };
    const [result] = await browser.scripting.executeScript({
      target: { tabId },
      func: fetchInPage,
      args: [url, maxBytes, credentials],
    });
    const parsed = v.safeParse(PageFetchResultSchema, result?.result);
    return parsed.success ? parsed.output : { error: 'no answer from the page' };
  },
  captureVisibleTab(windowId) {
    return browser.tabs.captureVisibleTab(windowId ?? browser.windows.WINDOW_ID_CURRENT, { format: 'png' });
  },
  async askForTask(pending) {
    await browser.storage.session.set({ [pendingKey]: pending });
    await browser.tabs.create({ url: browser.runtime.getURL('/pick-task.html') });
  },
  notify,
});

export async function takePendingAttach(): Promise<PendingAttach | undefined> {
  const stored: unknown = (await browser.storage.session.get(pendingKey))[pendingKey];
  await browser.storage.session.remove(pendingKey);
  const parsed = v.safeParse(PendingAttachSchema, stored);
  return parsed.success ? parsed.output : undefined;
}

/** Keeps the submenu current as task tabs open, close and navigate, and answers its clicks. */
export function registerContextMenus(deps: MenuClickDeps): void {
  const refresh = (): void => void rebuildMenus();
  browser.runtime.onInstalled.addListener(refresh);
  browser.runtime.onStartup.addListener(refresh);
  browser.tabs.onUpdated.addListener((_id, change: Tabs.OnUpdatedChangeInfoType) => {
    if (change.url || change.title) refresh();
  });
  browser.tabs.onRemoved.addListener(refresh);
  browser.storage.onChanged.addListener((changes) => {
    if ('recentTasks' in changes) refresh();
  });
  browser.contextMenus.onClicked.addListener((info, tab) => void handleMenuClick(info, tab, deps));
}
