import * as v from 'valibot';
import { longestName, refusedName } from './file-name-rules';

/** What the content script announces before handing the bytes over. */
export interface FileAnnouncement {
  name: string;
  size: number;
  type: string;
}

/** Names are kept exactly as given (Unicode, spaces); only what no tracker keeps as it is is refused (refusedName). */
export const FileAnnouncementSchema = v.strictObject({
  name: v.pipe(
    v.string(),
    // Before the check, which counts characters: a name of 255 characters is at most 510 UTF-16 units.
    v.maxLength(2 * longestName),
    v.check((name) => refusedName(name) === undefined, 'a file name no tracker keeps as it is'),
  ),
  size: v.pipe(v.number(), v.integer(), v.minValue(0)),
  type: v.pipe(v.string(), v.maxLength(255)),
});
