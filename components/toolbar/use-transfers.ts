import { useCallback, useEffect, useState } from 'preact/hooks';
import { type TaskTransfers, toBackground } from '../../lib/messages';
import type { TaskRef } from '../../lib/trackers/types';
import { isActiveUpload } from '../../lib/uploads/job';

const pollMs = 500;
const empty: TaskTransfers = { transfers: [], saved: [], uploads: [] };

export function hasActiveDownloads(transfers: TaskTransfers): boolean {
  return transfers.transfers.some((transfer) => ['queued', 'starting', 'running'].includes(transfer.state));
}

export function hasActiveUploads(transfers: TaskTransfers): boolean {
  return transfers.uploads.some(isActiveUpload);
}

/** The task's transfers, polled while any is moving (the queue lives in the background, across page loads). */
export function useTransfers(task: TaskRef): { transfers: TaskTransfers; refresh: () => void } {
  const [transfers, setTransfers] = useState<TaskTransfers>(empty);
  const [tick, setTick] = useState(0);
  const refresh = useCallback(() => setTick((n) => n + 1), []);

  useEffect(() => {
    let current = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    toBackground.sendMessage('taskTransfers', task).then(
      (result) => {
        if (!current || !result.ok) return;
        setTransfers(result.value);
        if (hasActiveDownloads(result.value) || hasActiveUploads(result.value)) timer = setTimeout(refresh, pollMs);
      },
      () => undefined,
    );
    return () => {
      current = false;
      if (timer) clearTimeout(timer);
    };
  }, [task.tracker, task.kind, task.id, task.host, tick, refresh]);

  return { transfers, refresh };
}
