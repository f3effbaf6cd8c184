/** Why a file cannot be copied to the task picked: checked before anything moves. */
export type CopyRefusalReason = 'too-large' | 'name-blank' | 'name-path' | 'name-control' | 'name-long';

export interface CopyRefusal {
  /** The name the copy would have. */
  name: string;
  reason: CopyRefusalReason;
  /** With `too-large`: the target tracker's limit. */
  limitBytes?: number;
}

/** What "Copy to task" did: every file queued, or (when any is refused) none, with the reasons. */
export interface CopyOutcome {
  queued: number;
  /** Picked files the source task no longer has. */
  missing: number;
  refused: CopyRefusal[];
  /** The task the files go to, as the UI names it (`Yandex Tracker TEST-2`). */
  target: string;
}
