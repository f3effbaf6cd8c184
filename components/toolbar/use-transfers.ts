import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { isActive } from '../../lib/downloads/job';
import { type TaskTransfers, toBackground } from '../../lib/messages';
import type { TaskRef } from '../../lib/trackers/registry';
import { isActiveUpload } from '../../lib/uploads/job';

/** After a look failed because the worker went away (Chrome stops idle workers; the browser starts it again). */
const workerBackMs = 1000;
const empty: TaskTransfers = { version: 0, transfers: [], saved: [], uploads: [] };

export function hasActiveDownloads(transfers: TaskTransfers): boolean {
  return transfers.transfers.some(isActive);
}

export function hasActiveUploads(transfers: TaskTransfers): boolean {
  return transfers.uploads.some(isActiveUpload);
}

/**
 * The task's transfers, followed while any is moving (the queue lives in the background, across page loads). The
 * follow-up looks are long polls, so a finished file shows at once without asking many times a second.
 */
export function useTransfers(task: TaskRef): { transfers: TaskTransfers; refresh: () => void } {
  const [transfers, setTransfers] = useState<TaskTransfers>(empty);
  const [look, setLook] = useState({ count: 0, follow: false });
  const version = useRef<number | undefined>(undefined);
  const moving = useRef(false);
  const refresh = useCallback(() => setLook((last) => ({ count: last.count + 1, follow: false })), []);

  useEffect(() => {
    let current = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const lookAgain = (follow: boolean, afterMs: number) => {
      timer = setTimeout(() => setLook((last) => ({ count: last.count + 1, follow })), afterMs);
    };
    const after = look.follow ? version.current : undefined;
    toBackground.sendMessage('taskTransfers', { task, after }).then(
      (result) => {
        if (!current || !result.ok) return;
        version.current = result.value.version;
        setTransfers(result.value);
        moving.current = hasActiveDownloads(result.value) || hasActiveUploads(result.value);
        // The next look waits in the background (see `queueChangeAfter`), so it is asked at once.
        if (moving.current) lookAgain(true, 0);
      },
      () => {
        // The worker was stopped while it held the look: a new one answers once it is back.
        if (current && moving.current) lookAgain(false, workerBackMs);
      },
    );
    return () => {
      current = false;
      if (timer) clearTimeout(timer);
    };
  }, [task.tracker, task.kind, task.id, task.host, look]);

  return { transfers, refresh };
}
