import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import type { ToolbarChunkModule } from '../../lib/content/toolbar-chunk';
import { pageToolbar } from './mount';

/**
 * The toolbar's module, imported by the content script once a page shows a task (lib/content/launch-toolbar.ts).
 * Built as an ES module (wxt.config.ts); importing it only hands over `pageToolbar`.
 */
export default defineUnlistedScript({
  // No global name: an ES module has no IIFE to name, and WXT would append a reference to that name.
  globalName: false,
  main: (): ToolbarChunkModule['default'] => pageToolbar,
});
