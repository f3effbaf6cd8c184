import * as v from 'valibot';
import { TrackerIdSchema } from '../trackers/registry';

/** The most tasks of a list page one "Download attachments of N tasks" takes, and one toolbar follows. */
export const maxListedTasks = 1000;

/** A page that lists tasks, as messages carry it; the background checks every field before use. */
export const TaskListRefSchema = v.strictObject({
  tracker: TrackerIdSchema,
  kind: v.literal('list'),
  list: v.picklist(['queue', 'filter', 'query', 'project', 'register']),
  // A Yandex Tracker search carries its query text here; the other lists an id or key.
  id: v.pipe(v.string(), v.minLength(1), v.maxLength(2000)),
  account: v.optional(v.pipe(v.string(), v.regex(/^[a-z0-9-]{1,63}$/))),
  host: v.pipe(v.string(), v.maxLength(253)),
});
