import * as v from 'valibot';
import browser from 'webextension-polyfill';
import { onQueueChange } from '../jobs/changes';
import type { TransferView } from '../jobs/transfer-view';
import { maxListedTasks } from '../messages/task-list-ref';
import { TaskRefSchema } from '../messages/task-ref';
import { queuePort, tasksProgressPort, taskTransfersPort } from '../messages/watch';
import { pacedPushes } from './paced-pushes';
import { isExtensionPage, type SenderContext, senderMayAsk } from './sender-check';
import type { TransferService } from './transfers';

/**
 * Toolbars are told of a change at once, then not more often than this: a busy queue changes many times a second.
 * The queue's end is told at once whatever the pace.
 */
const pushGapMs = 100;
/** Pushes are spaced at least this many times the last one's cost (see pacedPushes). */
const pushCostFactor = 5;
/**
 * The browser's downloads API tells no progress: while a download runs, a fresh snapshot (which reads its progress)
 * goes out this often.
 */
const downloadProgressMs = 500;

/** The tasks of a list page whose downloads one toolbar follows. */
const WatchedTasksSchema = v.pipe(v.array(TaskRefSchema), v.maxLength(maxListedTasks));

function isMovingDownload(view: TransferView): boolean {
  return view.direction === 'download' && view.phase === 'moving';
}

/**
 * Sends a snapshot now and after every queue change, until the page goes; one snapshot at a time. While `moving`
 * says a download runs, another follows after a while even without a change.
 */
function follow<T>(port: browser.Runtime.Port, snapshot: () => Promise<T>, moving: (value: T) => boolean): void {
  let open = true;
  const pushes = pacedPushes(
    async () => {
      const value = await snapshot();
      if (!open) return;
      port.postMessage(value);
      if (moving(value)) pushes.soon(downloadProgressMs);
    },
    { costFactor: pushCostFactor, what: 'a snapshot failed' },
  );
  const stopListening = onQueueChange(({ settled }) => (settled ? void pushes.now() : pushes.soon(pushGapMs)));
  port.onDisconnect.addListener(() => {
    open = false;
    stopListening();
    pushes.stop();
  });
  void pushes.now();
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
