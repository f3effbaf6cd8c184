import browser from 'webextension-polyfill';
import type { TransferView } from '../jobs/transfer-view';
import type { TaskRef } from '../trackers/registry';

/**
 * What toolbars and the popup follow: the background pushes a fresh snapshot over a runtime Port whenever the queue
 * changes (a few times a second at most), instead of being asked again and again.
 */
export const taskTransfersPort = 'trackerdrop/task-transfers';
export const queuePort = 'trackerdrop/queue';
export const tasksProgressPort = 'trackerdrop/tasks-progress';

/** A file saved before: enough to tell whether the tracker's file is still the same. */
export interface SavedView {
  attachmentId: string;
  size: number;
  md5?: string;
}

export interface TaskTransfers {
  /** The task's latest download batch. */
  downloads: TransferView[];
  saved: SavedView[];
  /** Uploads under way or failed, and the latest batch's finished ones. */
  uploads: TransferView[];
}

/** Where one task of a list page stands: its latest download batch, counted. */
export interface TaskProgress {
  taskKey: string;
  files: number;
  done: number;
  failed: number;
  /** Waiting or moving. */
  underWay: number;
  bytesDone: number;
  bytesTotal: number;
  /** When that batch was queued (ms since epoch): a toolbar tells its own run from an earlier one by it. */
  queuedAt: number;
}

/** After the worker went away (Chrome stops idle workers), the page connects again; the browser starts it. */
const reconnectMs = 1000;

function follow<T>(name: string, hello: unknown, onSnapshot: (snapshot: T) => void): () => void {
  let stopped = false;
  let port: browser.Runtime.Port | undefined;
  const open = (): void => {
    if (stopped) return;
    port = browser.runtime.connect({ name });
    // Our own background's snapshots: the shape is the one it sends on this port.
    port.onMessage.addListener((snapshot) => onSnapshot(snapshot as T));
    port.onDisconnect.addListener(() => {
      if (!stopped) setTimeout(open, reconnectMs);
    });
    port.postMessage(hello);
  };
  open();
  return () => {
    stopped = true;
    port?.disconnect();
  };
}

/** Follows a task's transfers from a toolbar; returns the way to stop. */
export function watchTaskTransfers(task: TaskRef, onSnapshot: (snapshot: TaskTransfers) => void): () => void {
  return follow(taskTransfersPort, task, onSnapshot);
}

/** Follows the downloads of many tasks at once, from a list page's toolbar; returns the way to stop. */
export function watchTasksProgress(
  tasks: readonly TaskRef[],
  onSnapshot: (progress: TaskProgress[]) => void,
): () => void {
  return follow(tasksProgressPort, tasks, onSnapshot);
}

/** Follows every transfer worth showing, from the popup; returns the way to stop. */
export function watchQueue(onSnapshot: (transfers: TransferView[]) => void): () => void {
  return follow(queuePort, null, onSnapshot);
}
