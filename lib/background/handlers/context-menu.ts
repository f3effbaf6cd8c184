import * as v from 'valibot';
import { attachPending } from '../../context-menu/click';
import { menuClickDeps, takePendingAttach } from '../../context-menu/menus';
import { AppError } from '../../errors';
import { toBackground } from '../../messages';
import { loadConnectedPageHosts } from '../../settings/store';
import { parseTaskUrl } from '../../trackers/pages';
import { toResult } from '../result';
import { requireExtensionPage, type SenderContext } from '../sender-check';

/** "Other task…": the picker page names the task; what was clicked waits in session storage. */
export function handleContextMenuMessages(context: SenderContext): void {
  toBackground.onMessage('attachPendingTo', ({ data, sender }) =>
    toResult(async () => {
      requireExtensionPage(context, sender);
      const taskUrl = v.parse(v.pipe(v.string(), v.maxLength(2048)), data);
      const task = parseTaskUrl(taskUrl, await loadConnectedPageHosts());
      if (!task) throw new AppError('not-found', { detail: 'not a task page address' });
      const pending = await takePendingAttach();
      if (!pending) throw new AppError('not-found', { detail: 'nothing pending' });
      const failure = await attachPending(pending, { task, title: '', url: taskUrl }, menuClickDeps);
      if (failure) throw failure;
      return null;
    }),
  );
}
