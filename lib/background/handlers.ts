import browser from 'webextension-polyfill';
import { attachPending } from '../context-menu/click';
import { dropPendingAttach, loadPendingAttach, type menuClickDeps } from '../context-menu/menus';
import { recordVisit } from '../context-menu/recent-tasks';
import type { DownloadQueue } from '../downloads/queue';
import { startDownloads } from '../downloads/start';
import { lookForDeletedFiles } from '../downloads/still-on-disk';
import { AppError } from '../errors';
import { maxListedTasks } from '../messages/task-list-ref';
import { loadPreferences } from '../settings/preferences';
import { loadConnectedPageHosts } from '../settings/store';
import { parseTaskUrl } from '../trackers/pages';
import { isTrackerId, trackerOf } from '../trackers/registry';
import { issueHandoffToken } from '../uploads/handoff-tokens';
import { requireWithinLimit } from '../uploads/intake';
import { requireRoomFor } from '../uploads/quota';
import { apiForTask } from './apis';
import { testConnection } from './connection-test';
import { beginCopy, copyPendingTo } from './copy';
import type { Handlers } from './router';
import type { TransferService } from './transfers';

export interface Services {
  downloads: DownloadQueue;
  transfers: TransferService;
  menus: ReturnType<typeof menuClickDeps>;
}

/** What the background answers to each request of the route table (checked by the router before they run). */
export function handlers({ downloads, transfers, menus }: Services): Handlers {
  /** "Other task…" items being attached now: their item stays stored until queued, so a second submit must wait. */
  const attaching = new Set<string>();
  return {
    async listAttachments({ task }, sender) {
      // Before the user can click Download all, which skips what is still saved.
      void lookForDeletedFiles();
      const list = await (await apiForTask(task)).listAttachments(task);
      // A task page the user opened: offered again in the "Attach to task" menu. Not one of a private window, which
      // leaves no trace once closed.
      if (sender.tab?.url && !sender.tab.incognito) {
        await recordVisit({ task, title: list.title ?? '', url: sender.tab.url, visitedAt: Date.now() });
      }
      return list;
    },

    async listTasks({ list }) {
      const { tasks, truncated } = await (await apiForTask(list)).listTasks(list, maxListedTasks);
      return {
        tasks: tasks.map(({ target, title }) => ({ task: { ...target, tracker: list.tracker }, title })),
        truncated,
      };
    },

    startDownloads: ({ task, which, zip }) =>
      startDownloads(task, which, zip, { clientFor: apiForTask, queue: downloads }),

    cancelTransfers: ({ task, jobId }) => transfers.cancel(task, jobId),

    retryTransfer: ({ task, jobId }) => transfers.retry(task, jobId),

    /** Attach, first half: the content script announces the files; the bytes follow through the bridge frame. */
    async beginUpload({ task, files, comment }, sender) {
      // Refuses a task of another account, or a tracker not connected, before any byte moves.
      await apiForTask(task);
      requireWithinLimit(files, task.tracker, trackerOf(task.tracker).capabilities.maxFileSize);
      await requireRoomFor(
        files.reduce((total, file) => total + file.size, 0),
        navigator.storage,
      );
      const batchId = crypto.randomUUID();
      const text = comment?.trim() || (await loadPreferences()).defaultComment.trim() || undefined;
      const token = issueHandoffToken({ batchId, task, files, comment: text, pageUrl: sender.tab?.url });
      return { token, batchId };
    },

    beginCopy: ({ task, which }, sender) => beginCopy(task, which, sender.tab?.url),

    copyPendingTo: ({ copyId, taskUrl }) => copyPendingTo(copyId, taskUrl),

    async openSettings(tracker) {
      if (!isTrackerId(tracker)) throw new AppError('not-found', { detail: 'no such tracker' });
      await browser.tabs.create({ url: browser.runtime.getURL(`/options.html#${tracker}`) });
    },

    testConnection: ({ tracker, settings }) => testConnection(tracker, settings),

    /**
     * "Other task…": the picker page names the task; what was clicked waits in session storage under the picker's
     * id, and is dropped once queued (after a failure it stays, for the user to retry).
     */
    async attachPendingTo({ attachId, taskUrl }) {
      const task = parseTaskUrl(taskUrl, await loadConnectedPageHosts());
      if (!task) throw new AppError('not-found', { detail: 'not a task page address' });
      if (attaching.has(attachId)) throw new AppError('conflict', { detail: 'already attaching' });
      attaching.add(attachId);
      try {
        const pending = await loadPendingAttach(attachId);
        if (!pending) throw new AppError('not-found', { detail: 'nothing pending' });
        // The task is asked first, with the client its uploads will use: a task that is not there (a mistyped
        // number) or a key that does not work is told to the picker now, while what was clicked still waits.
        await (await apiForTask(task)).listAttachments(task);
        const failure = await attachPending(pending, { task, title: '', url: taskUrl }, menus);
        if (failure) throw failure;
        await dropPendingAttach(attachId);
      } finally {
        attaching.delete(attachId);
      }
    },

    steerTransfer: ({ action, jobId }) => transfers.steer(action, jobId),

    clearFinished: async () => ({ removed: await transfers.clearFinished() }),
  };
}
