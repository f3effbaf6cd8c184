import { useCallback, useEffect, useState } from 'preact/hooks';
import type { SerializedError } from '../../lib/errors';
import { send } from '../../lib/messages/send';
import type { TaskRef } from '../../lib/trackers/registry';
import type { TaskAttachments } from '../../lib/trackers/types';

export type FilesState =
  | { phase: 'loading' }
  | { phase: 'ready'; list: TaskAttachments }
  | { phase: 'failed'; error: SerializedError };

const unreachable = (): SerializedError => ({ kind: 'network', details: {} });

/** The task's attachments as the background reports them; `reload` asks again. */
export function useTaskFiles(task: TaskRef): { files: FilesState; reload: () => void } {
  const [files, setFiles] = useState<FilesState>({ phase: 'loading' });
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    let current = true;
    setFiles({ phase: 'loading' });
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
