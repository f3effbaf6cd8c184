import { useEffect, useRef, useState } from 'preact/hooks';
import type { SerializedError } from '../../lib/errors';
import { send } from '../../lib/messages/send';
import type { TaskListRef, TaskRef } from '../../lib/trackers/registry';
import { taskKey } from '../../lib/trackers/task-key';

export interface ListedTask {
  task: TaskRef;
  title: string;
}

export type ListingState =
  | { phase: 'loading' }
  | { phase: 'ready'; tasks: ListedTask[]; truncated: boolean }
  | { phase: 'failed'; error: SerializedError };

/** How a run went for one task: its turn to come, its files being listed and queued, queued, refused, or stopped. */
export type TaskOutcome =
  | { phase: 'waiting' }
  | { phase: 'queuing' }
  | { phase: 'queued'; count: number; skipped: number; since: number }
  | { phase: 'failed'; error: SerializedError }
  | { phase: 'stopped' };

const unreachable: SerializedError = { kind: 'network', details: {} };

/**
 * The tasks a list page shows, and saving their files: one task after another, each as its own "Download all" into
 * its own folder (the ledger leaves what was saved before). The page drives the run: closing it stops the queuing,
 * not the downloads already queued.
 */
export function useTaskList(list: TaskListRef) {
  const [listing, setListing] = useState<ListingState>({ phase: 'loading' });
  const [outcomes, setOutcomes] = useState<ReadonlyMap<string, TaskOutcome>>(new Map());
  const [running, setRunning] = useState(false);
  const stopped = useRef(false);

  useEffect(() => {
    let current = true;
    setListing({ phase: 'loading' });
    setOutcomes(new Map());
    send('listTasks', { list }).then(
      (result) => {
        if (!current) return;
        setListing(result.ok ? { phase: 'ready', ...result.value } : { phase: 'failed', error: result.error });
      },
      () => {
        if (current) setListing({ phase: 'failed', error: unreachable });
      },
    );
    return () => {
      current = false;
      // The page shows another list now (or none): a run for this one queues no further task.
      stopped.current = true;
    };
  }, [list.tracker, list.host, list.list, list.id]);

  const run = async (): Promise<void> => {
    if (listing.phase !== 'ready' || running) return;
    stopped.current = false;
    setRunning(true);
    let current = new Map<string, TaskOutcome>(listing.tasks.map(({ task }) => [taskKey(task), { phase: 'waiting' }]));
    const record = (key: string, outcome: TaskOutcome): void => {
      current = new Map(current).set(key, outcome);
      setOutcomes(current);
    };
    setOutcomes(current);
    for (const { task } of listing.tasks) {
      const key = taskKey(task);
      if (stopped.current) {
        record(key, { phase: 'stopped' });
        continue;
      }
      record(key, { phase: 'queuing' });
      const since = Date.now();
      // Each task into its own folder by the usual pattern: never one ZIP, whatever the preference says.
      const result = await send('startDownloads', { task, which: 'all', zip: false }).catch(() => undefined);
      if (!result) record(key, { phase: 'failed', error: unreachable });
      else
        record(
          key,
          result.ok
            ? // Files already on their way count as saved here: this run only tells what it queued.
              {
                phase: 'queued',
                count: result.value.count,
                skipped: result.value.skipped + result.value.underWay,
                since,
              }
            : { phase: 'failed', error: result.error },
        );
      // Stopped while this task was being queued: its downloads go the way of the others.
      if (stopped.current && result?.ok) void send('cancelTransfers', { task });
    }
    setRunning(false);
  };

  /** No further task is queued, and the downloads this run queued are cancelled. */
  const stop = (): void => {
    stopped.current = true;
    if (listing.phase !== 'ready') return;
    for (const { task } of listing.tasks) {
      if (outcomes.get(taskKey(task))?.phase === 'queued') void send('cancelTransfers', { task });
    }
  };

  return { listing, outcomes, running, run, stop };
}
