import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { SerializedError } from '../../lib/errors';
import { send } from '../../lib/messages/send';
import type { TaskRef } from '../../lib/trackers/registry';
import type { TaskAttachments } from '../../lib/trackers/types';

export type FilesState =
  | { phase: 'loading' }
  | { phase: 'ready'; list: TaskAttachments }
  | { phase: 'failed'; error: SerializedError };

const unreachable = (): SerializedError => ({ kind: 'network', details: {} });

const keyOf = (task: TaskRef): string => [task.tracker, task.kind, task.id, task.host].join('\n');

/**
 * The task's attachments as the background reports them; `reload` asks again. While the same task's list is asked
 * again, the one on screen stays (and with it the toolbar's drop and paste): files dropped as an attach finishes
 * are not turned away by a refresh.
 */
export function useTaskFiles(task: TaskRef): { files: FilesState; reload: () => void } {
  const [files, setFiles] = useState<FilesState>({ phase: 'loading' });
  const [generation, setGeneration] = useState(0);
  const listedTask = useRef('');

  useEffect(() => {
    let current = true;
    const key = keyOf(task);
    const sameTask = listedTask.current === key;
    listedTask.current = key;
    setFiles((shown) => (sameTask && shown.phase === 'ready' ? shown : { phase: 'loading' }));
    send('listAttachments', { task }).then(
      (result) => {
        if (current)
          setFiles(result.ok ? { phase: 'ready', list: result.value } : { phase: 'failed', error: result.error });
      },
      () => {
        if (current) setFiles({ phase: 'failed', error: unreachable() });
      },
    );
    return () => {
      current = false;
    };
  }, [task.tracker, task.kind, task.id, task.host, generation]);

  return { files, reload: useCallback(() => setGeneration((n) => n + 1), []) };
}
