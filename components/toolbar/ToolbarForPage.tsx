import type { ShownPage } from '../../lib/content/task-watch';
import { ListToolbar } from './ListToolbar';
import { Toolbar } from './Toolbar';

/** The toolbar for what a page shows: a task (with the tasks it lists, on a project page), or a list of tasks. */
export function ToolbarForPage({ page }: { page: ShownPage }) {
  if (page.task) return <Toolbar task={page.task} list={page.list} />;
  return page.list ? <ListToolbar list={page.list} /> : null;
}
