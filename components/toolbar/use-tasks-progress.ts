import { useEffect, useState } from 'preact/hooks';
import { type TaskProgress, watchTasksProgress } from '../../lib/messages/watch';
import type { TaskRef } from '../../lib/trackers/registry';

/** The downloads of a list's tasks as the background pushes them, by task key; followed only while `watching`. */
export function useTasksProgress(tasks: readonly TaskRef[], watching: boolean): ReadonlyMap<string, TaskProgress> {
  const [progress, setProgress] = useState<ReadonlyMap<string, TaskProgress>>(new Map());
  useEffect(() => {
    if (!watching || tasks.length === 0) return;
    return watchTasksProgress(tasks, (snapshot) =>
      setProgress(new Map(snapshot.map((entry) => [entry.taskKey, entry]))),
    );
  }, [tasks, watching]);
  return progress;
}
