import type { TaskListTarget, TaskTarget } from './types';

/** A project's own page, taken as the list of its tasks (Worksection and PlanFix list a project's tasks by its id). */
export function projectAsList(shown: TaskTarget | undefined): TaskListTarget | undefined {
  if (shown?.kind !== 'project') return undefined;
  return { kind: 'list', list: 'project', id: shown.id, account: shown.account, host: shown.host };
}
