import { AppError } from '../errors';

/** More pages than any real list has (100,000 items at 100 a page): a server that keeps answering is not ending. */
const mostPages = 1000;

/**
 * Keeps a paged list honest: a server that ignores the page asked for, or whose count never comes, would otherwise
 * keep a lookup paging for good. Each page must bring an item not seen before, and there is a most.
 */
export function pagesThatEnd(tracker: string, what: string) {
  const seen = new Set<string>();
  let pages = 0;
  return {
    /** Counts a page by its items' keys; throws when the page brings none new or there were too many pages. */
    take(keys: readonly string[]): void {
      pages++;
      const before = seen.size;
      for (const key of keys) seen.add(key);
      if ((keys.length > 0 && seen.size === before) || pages > mostPages) {
        throw new AppError('unexpected', { tracker, detail: `${what}: the pages do not end` });
      }
    },
  };
}
