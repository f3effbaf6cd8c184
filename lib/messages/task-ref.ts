import * as v from 'valibot';
import { TrackerIdSchema } from '../trackers/registry';

/** A task as messages carry it; the background checks every field before use. */
export const TaskRefSchema = v.strictObject({
  tracker: TrackerIdSchema,
  kind: v.picklist(['task', 'project', 'portfolio']),
  id: v.pipe(v.string(), v.regex(/^[\w-]{1,64}$/)),
  projectId: v.optional(v.pipe(v.string(), v.regex(/^\d{1,20}$/))),
  account: v.optional(v.pipe(v.string(), v.regex(/^[a-z0-9-]{1,63}$/))),
  host: v.pipe(v.string(), v.maxLength(253)),
});
