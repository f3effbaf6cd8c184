import { defineBackground } from 'wxt/utils/define-background';
import { registerMessageHandlers } from '../lib/background/router';
import { registerDownloadEvents, resync } from '../lib/downloads/runner';

export default defineBackground(() => {
  registerMessageHandlers();
  registerDownloadEvents();
  void resync();
});
