import browser from 'webextension-polyfill';
import { defineBackground } from 'wxt/utils/define-background';
import { scheduleBadgeUpdate } from '../lib/background/badge';
import { registerMessageHandlers } from '../lib/background/router';
import { keepStorageFromContentScripts } from '../lib/background/storage-lockdown';
import { rebuildMenus, registerContextMenus } from '../lib/context-menu/menus';
import { registerDownloadEvents, resync } from '../lib/downloads/runner';
import { onQueueChange } from '../lib/queue/changes';
import { kickUploads, registerUploadEvents } from '../lib/uploads/coordinator';
import { receiveHandoffs } from '../lib/uploads/handoff-receiver';
import { openTaskOnNotificationClick } from '../lib/uploads/notify';

export default defineBackground(() => {
  void keepStorageFromContentScripts();
  registerMessageHandlers();
  registerDownloadEvents();
  onQueueChange(scheduleBadgeUpdate);
  registerUploadEvents();
  receiveHandoffs(browser.runtime.getURL('/bridge.html'), () => void kickUploads());
  openTaskOnNotificationClick();
  registerContextMenus();
  void rebuildMenus();
  void resync();
  void kickUploads();
});
