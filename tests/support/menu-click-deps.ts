import type { MenuClickDeps } from '../../lib/context-menu/click';
import type { TaskChoice } from '../../lib/context-menu/menu-model';
import { menuClickDeps } from '../../lib/context-menu/menus';
import { taskKey } from '../../lib/trackers/task-key';
import type { BatchPlan } from '../../lib/uploads/intake';

/**
 * What a menu click needs, as the worker wires it (the page fetcher, the picker), with `choice` the one task to
 * pick, a 1 MiB limit, and what is queued and told handed to the test.
 */
export function recordingMenuDeps(
  choice: TaskChoice,
  queued: (plan: BatchPlan) => void,
  notices: string[],
  over: Partial<MenuClickDeps> = {},
): MenuClickDeps {
  return {
    ...menuClickDeps({
      limitFor: async () => 1 << 20,
      enqueue: async (plan) => queued(plan),
    }),
    taskFor: async (key) => (key === taskKey(choice.task) ? choice : undefined),
    notify: async (message) => {
      notices.push(message);
    },
    ...over,
  };
}
