import * as v from 'valibot';

/** What the content script announces before handing the bytes over. */
export interface FileAnnouncement {
  name: string;
  size: number;
  type: string;
}

/** Names are kept exactly as given (Unicode, spaces); only what no tracker or file system accepts is refused. */
export const FileAnnouncementSchema = v.strictObject({
  name: v.pipe(
    v.string(),
    v.minLength(1),
    v.maxLength(255),
    v.check(
      (name) => [...name].every((char) => char.charCodeAt(0) >= 0x20 && char !== '/' && char !== '\\'),
      'control characters or slashes in a file name',
    ),
  ),
  size: v.pipe(v.number(), v.integer(), v.minValue(0)),
  type: v.pipe(v.string(), v.maxLength(255)),
});
