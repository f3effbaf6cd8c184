import { AppError } from '../errors';

/** More pages than any real list has (100,000 items at 100 a page): a server that keeps answering is not ending. */
const mostPages = 1000;

/**
 * Keeps a paged list honest: a server that ignores the page asked for, or whose count never comes, would otherwise
 * keep a lookup paging for good. The same page twice in a row, or a thousandth page, is an error. A page whose
 * items were all seen before, but not as that same page, is a list that shifted while it was read (a file added
 * ahead of the end pushes the last ones onto the next page): it ends the list.
 */
export function pagesThatEnd(tracker: string, what: string) {
  const seen = new Set<string>();
  let pages = 0;
  let previous = '';
  return {
    /** Counts a page by its items' keys; whether it brought any not seen before. */
    take(keys: readonly string[]): boolean {
      pages++;
      const page = JSON.stringify(keys);
      const samePageAgain = keys.length > 0 && page === previous;
      if (samePageAgain || pages > mostPages) {
        throw new AppError('unexpected', { tracker, detail: `${what}: the pages do not end` });
      }
      previous = page;
      const before = seen.size;
      for (const key of keys) seen.add(key);
      return seen.size > before;
    },
  };
}
