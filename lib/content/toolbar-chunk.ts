import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { ShownPage } from './task-watch';

/**
 * The toolbar's code is not in the content script: it is an ES module of the extension (entrypoints/toolbar), made
 * web-accessible to the trackers' pages so that the content script may import it, which runs it in the content
 * script's isolated world. It holds no secret and trusts nothing of the page: a page that loads it itself gets a
 * module with no extension API to call.
 */
export const toolbarChunk = { entrypoint: 'toolbar', file: 'toolbar.js' } as const;

/**
 * The toolbar of one page: `show` puts it up for a task or a list of tasks (in place of any other) or, given none,
 * takes it away.
 */
export interface PageToolbar {
  show(page: ShownPage | undefined): void;
}

/** What the toolbar's module exports. */
export interface ToolbarChunkModule {
  default: (ctx: ContentScriptContext) => PageToolbar;
}
