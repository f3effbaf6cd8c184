import type { MessageKey } from '../i18n/messages';
import { t } from '../i18n/t';

type Translate = (key: MessageKey, ...substitutions: string[]) => string;

/** A task title longer than this is cut: the comment says where the files came from, it does not repeat the task. */
const longestTitle = 200;

export interface CopyOrigin {
  /** The source tracker's name (`Pyrus`). */
  trackerLabel: string;
  taskId: string;
  title?: string;
  /** The source task's page; left out of the text when not known. */
  url?: string;
}

/**
 * The comment copied files arrive with where the target attaches through comments: the task they came from, with
 * a link to it, in the user's language (`Copied from Pyrus task 1001 “Contract”: https://pyrus.com/t#id1001`).
 */
export function copyComment(origin: CopyOrigin, translate: Translate = t): string {
  const from = translate('copyCommentFrom', origin.trackerLabel, origin.taskId);
  const title = (origin.title ?? '').replace(/\s+/g, ' ').trim();
  const shown = [...title].length > longestTitle ? `${[...title].slice(0, longestTitle - 1).join('')}…` : title;
  const titled = shown ? translate('copyCommentTitled', from, shown) : from;
  return origin.url ? `${titled}: ${origin.url}` : titled;
}
