import * as v from 'valibot';
import browser from 'webextension-polyfill';
import type { TransferView } from '../jobs/transfer-view';
import { maxListedTasks } from '../messages/task-list-ref';
import { TaskRefSchema } from '../messages/task-ref';
import { queuePort, tasksProgressPort, taskTransfersPort } from '../messages/watch';
import { followSnapshots } from './follow-snapshots';
import { isExtensionPage, type SenderContext, senderMayAsk } from './sender-check';
import type { TransferService } from './transfers';

/** The tasks of a list page whose downloads one toolbar follows. */
const WatchedTasksSchema = v.pipe(v.array(TaskRefSchema), v.maxLength(maxListedTasks));

function isMovingDownload(view: TransferView): boolean {
  return view.direction === 'download' && view.phase === 'moving';
}

/** Sends the port a snapshot now and after every queue change (see followSnapshots), until the page goes. */
function follow<T>(port: browser.Runtime.Port, snapshot: () => Promise<T>, moving: (value: T) => boolean): void {
  port.onDisconnect.addListener(followSnapshots((value) => port.postMessage(value), snapshot, moving));
}

/**
 * Toolbars follow their task's transfers, the popup every transfer, over runtime Ports: the background pushes what
 * changed instead of being asked. Each port is checked like a message: a toolbar only for the task its page shows,
 * the queue only for the extension's own pages.
 */
export function serveWatchers(context: SenderContext, transfers: TransferService): void {
  browser.runtime.onConnect.addListener((port) => {
    const sender = port.sender ?? {};
    if (port.name === taskTransfersPort) {
      port.onMessage.addListener((hello) => {
        const task = v.safeParse(TaskRefSchema, hello);
        if (!task.success || !senderMayAsk(context, sender, task.output)) port.disconnect();
        else
          follow(
            port,
            () => transfers.ofTask(task.output),
            (value) => value.downloads.some(isMovingDownload),
          );
      });
    } else if (port.name === tasksProgressPort) {
      port.onMessage.addListener((hello) => {
        const tasks = v.safeParse(WatchedTasksSchema, hello);
        if (!tasks.success || !tasks.output.every((task) => senderMayAsk(context, sender, task))) port.disconnect();
        else
          follow(
            port,
            () => transfers.progressOf(tasks.output),
            (value) => value.some((task) => task.underWay > 0),
          );
      });
    } else if (port.name === queuePort) {
      if (!isExtensionPage(context, sender)) port.disconnect();
      else port.onMessage.addListener(() => follow(port, transfers.overview, (value) => value.some(isMovingDownload)));
    }
  });
}
