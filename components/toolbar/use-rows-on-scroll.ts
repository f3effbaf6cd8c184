import { useCallback, useState } from 'preact/hooks';

/** Rows drawn at first: more than the tallest toolbar shows. */
const firstRows = 60;
/** Rows added each time the end of the list comes into view. */
const rowsPerStep = 120;

/**
 * How many of the list's rows to draw, and a way to draw more. A big task has thousands of files: drawing (and, on
 * the next keystroke in the filter, removing) them all held the page's thread for 50-150 ms. Rows come as the list
 * is scrolled (MoreRows); a new filter (`restart`) starts again from the first rows.
 */
export function useRowsOnScroll(total: number, restart: unknown): { drawn: number; more: () => void } {
  const [rows, setRows] = useState({ restart, drawn: firstRows });
  const drawn = rows.restart === restart ? rows.drawn : firstRows;
  const more = useCallback(() => setRows({ restart, drawn: drawn + rowsPerStep }), [restart, drawn]);
  return { drawn: Math.min(drawn, total), more };
}
