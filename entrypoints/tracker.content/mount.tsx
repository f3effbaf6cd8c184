import { render } from 'preact';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { createShadowRootUi, type ShadowRootContentScriptUi } from 'wxt/utils/content-script-ui/shadow-root';
import { Toolbar } from '../../components/toolbar/Toolbar';
import { watchTask } from '../../lib/content/task-watch';
import type { TaskRef } from '../../lib/trackers/registry';

/** Mounts the toolbar on task pages, in a shadow root (the page's CSS cannot reach it), and follows SPA navigation. */
export function mountToolbarOnTaskPages(ctx: ContentScriptContext): void {
  let ui: ShadowRootContentScriptUi<HTMLElement> | undefined;
  let generation = 0;

  const show = async (task: TaskRef | undefined): Promise<void> => {
    const mine = ++generation;
    ui?.remove();
    ui = undefined;
    if (!task) return;
    const created = await createShadowRootUi(ctx, {
      name: 'trackerdrop-toolbar',
      // Closed: scripts of the tracker page can neither read the toolbar nor reach its controls.
      mode: 'closed',
      position: 'inline',
      anchor: 'body',
      append: 'last',
      onMount: (container) => {
        render(<Toolbar task={task} />, container);
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

  watchTask(
    ctx.signal,
    (task) => void show(task),
    (listener) => {
      ctx.addEventListener(window, 'wxt:locationchange', listener);
      ctx.addEventListener(window, 'hashchange', listener);
    },
  );
}
