import { render } from 'preact';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { createShadowRootUi, type ShadowRootContentScriptUi } from 'wxt/utils/content-script-ui/shadow-root';
import { ToolbarForPage } from '../../components/toolbar/ToolbarForPage';
import toolbarCss from '../../components/toolbar/toolbar.css?inline';
import type { ShownPage } from '../../lib/content/task-watch';
import type { PageToolbar } from '../../lib/content/toolbar-chunk';

/** The toolbar of a page, in a closed shadow root with its own styles (the page's CSS cannot reach it). */
export function pageToolbar(ctx: ContentScriptContext): PageToolbar {
  let ui: ShadowRootContentScriptUi<HTMLElement> | undefined;
  let generation = 0;

  const show = async (page: ShownPage | undefined): Promise<void> => {
    const mine = ++generation;
    ui?.remove();
    ui = undefined;
    if (!page) return;
    const created = await createShadowRootUi(ctx, {
      name: 'trackerdrop-toolbar',
      // Closed: scripts of the tracker page can neither read the toolbar nor reach its controls.
      mode: 'closed',
      css: toolbarCss,
      position: 'inline',
      anchor: 'body',
      append: 'last',
      onMount: (container) => {
        render(<ToolbarForPage page={page} />, container);
        return container;
      },
      onRemove: (container) => {
        if (container) render(null, container);
      },
    });
    if (mine !== generation || ctx.isInvalid) return;
    ui = created;
    ui.mount();
  };

  return { show: (task) => void show(task) };
}
