import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { watchTask } from './task-watch';
import { type PageToolbar, type ToolbarChunkModule, toolbarChunk } from './toolbar-chunk';

async function loadToolbar(ctx: ContentScriptContext): Promise<PageToolbar | undefined> {
  try {
    // The extension's own file at its own address, never one the page could name. Written as `chrome.runtime.getURL`
    // (Firefox has `chrome` too): the only dynamic import the Firefox store's linter takes without a warning.
    const chunk: ToolbarChunkModule = await import(/* @vite-ignore */ chrome.runtime.getURL(`/${toolbarChunk.file}`));
    return chunk.default(ctx);
  } catch (error) {
    console.error('TrackerDrop: the toolbar did not load', error);
    return undefined;
  }
}

/**
 * What runs in every page of the trackers: it reads the URL and, once a page shows a task or a list of tasks (at load
 * or by SPA navigation), loads the toolbar's code and shows the toolbar for it, following the page after.
 */
export function launchToolbarOnTaskPages(ctx: ContentScriptContext): void {
  let toolbar: Promise<PageToolbar | undefined> | undefined;
  watchTask(
    ctx.signal,
    (shown) => {
      // Until a page shows a task or a list, nothing of the toolbar is loaded, and there is nothing to take away.
      if (!shown && !toolbar) return;
      toolbar ??= loadToolbar(ctx);
      void toolbar.then((loaded) => loaded?.show(shown));
    },
    (listener) => {
      ctx.addEventListener(window, 'wxt:locationchange', listener);
      ctx.addEventListener(window, 'hashchange', listener);
    },
  );
}
