import browser from 'webextension-polyfill';
import { menuClickDeps, rebuildMenus, registerContextMenus } from '../context-menu/menus';
import { createDownloadQueue } from '../downloads/queue';
import { onQueueChange } from '../jobs/changes';
import { zipBuilder } from '../offscreen/zip-client';
import { releaseTestedHostsOnStartup } from '../settings/host-access';
import { trackerOf } from '../trackers/registry';
import { receiveHandoffs } from '../uploads/handoff-receiver';
import { storeBatch } from '../uploads/intake';
import { dropUnfinishedHandoffs, sweepUnneededChunks } from '../uploads/store';
import { apiForTask } from './apis';
import { scheduleBadgeUpdate } from './badge';
import { listenToToolbarCommands } from './commands';
import { handlers } from './handlers';
import { openTaskOnNotificationClick } from './notify';
import { serveRoutes } from './router';
import type { SenderContext } from './sender-check';
import { keepStorageFromContentScripts } from './storage-lockdown';
import { transferService } from './transfers';
import { kickUploads, listenToUploadRunner } from './uploads';
import { serveWatchers } from './watchers';

/**
 * The background: composes the services and hands each feature what it needs (the tracker clients with the stored
 * credentials, the queues). Every listener is registered in this first, synchronous run, as a worker must.
 */
export function startBackground(): void {
  const startedAt = Date.now();
  void keepStorageFromContentScripts();
  releaseTestedHostsOnStartup();
  const context: SenderContext = { extensionId: browser.runtime.id, extensionOrigin: browser.runtime.getURL('/') };
  const downloads = createDownloadQueue({ clientFor: apiForTask, zip: zipBuilder });
  const transfers = transferService(downloads);
  const menus = menuClickDeps({
    async limitFor(task) {
      await apiForTask(task);
      return trackerOf(task.tracker).capabilities.maxFileSize;
    },
    async enqueue(plan, files) {
      await storeBatch(plan, files);
      // Stored is queued (the wake alarm picks it up): a failed kick must not make the click report a failure.
      void kickUploads().catch((error: unknown) => console.error('TrackerDrop: starting uploads failed', error));
    },
  });
  serveRoutes(context, handlers({ downloads, transfers, menus }));
  serveWatchers(context, transfers);
  downloads.listen();
  listenToUploadRunner();
  onQueueChange(scheduleBadgeUpdate);
  receiveHandoffs(browser.runtime.getURL('/bridge.html'), () => void kickUploads());
  openTaskOnNotificationClick();
  listenToToolbarCommands();
  registerContextMenus(menus);
  void rebuildMenus();
  void downloads.resync();
  // No hand-off is under way in a background that just started: one that was is over, and told the page so.
  void dropUnfinishedHandoffs(startedAt)
    .then(sweepUnneededChunks)
    .catch((error: unknown) => console.error('TrackerDrop: dropping unfinished hand-offs failed', error))
    .finally(() => kickUploads());
}
