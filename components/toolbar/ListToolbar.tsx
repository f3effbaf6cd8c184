import { t } from '../../lib/i18n/t';
import type { TaskListRef } from '../../lib/trackers/registry';
import { TaskListPanel } from './TaskListPanel';

/** The toolbar of a page that lists tasks (a queue, a filter, a form's register): saving all their files. */
export function ListToolbar({ list }: { list: TaskListRef }) {
  return (
    <section class="toolbar" aria-label={t('toolbarTitle')}>
      <header class="toolbar__head">
        <strong class="toolbar__title">{t('toolbarTitle')}</strong>
      </header>
      <TaskListPanel list={list} />
    </section>
  );
}
