/**
 * The bench's `toolbar` part: how long after a navigation to a task page the toolbar is on screen, beside what the
 * browser alone takes for the same page (its first paint and its load event), over several navigations.
 */

import type { BrowserContext } from '@playwright/test';
import { median } from './median';

/**
 * Runs in the page's main world before any of its scripts: the first animation frame (the one that paints it) in
 * which the toolbar is where its styles put it (fixed, 16 px from the bottom right corner), in ms since the
 * navigation started. The shadow root is closed, but a hit test there still finds its host: so the toolbar is
 * rendered and styled, not just in the DOM. A string, not a function: tsx would wrap a function's inner helpers in
 * a `__name` call that does not exist in the page.
 */
const recordToolbarFrame = `(() => {
  const frame = () => {
    const hit = document.elementFromPoint(innerWidth - 24, innerHeight - 24);
    if (hit && hit.localName === 'trackerdrop-toolbar') {
      globalThis.__toolbarShownAt = performance.now();
      return;
    }
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
})();`;

/**
 * The toolbar's frame and the browser's own figures for the page, once the first contentful paint is reported (it
 * comes a little after the frame it was painted in), or after a second without one.
 */
const readTimes = `new Promise((resolve) => {
  const read = () => {
    const [navigation] = performance.getEntriesByType('navigation');
    const [paint] = performance.getEntriesByName('first-contentful-paint');
    resolve({
      toolbarMs: globalThis.__toolbarShownAt,
      firstPaintMs: paint ? paint.startTime : NaN,
      loadMs: navigation ? navigation.loadEventEnd : NaN,
    });
  };
  new PerformanceObserver(read).observe({ type: 'paint', buffered: true });
  setTimeout(read, 1000);
})`;

interface NavigationTimes {
  toolbarMs: number;
  firstPaintMs: number;
  loadMs: number;
}

/** Median and range; a navigation the browser reported no figure for (no paint entry yet) is left out and counted. */
function summary(measured: readonly number[]): string {
  const values = measured.filter(Number.isFinite);
  const missing = measured.length - values.length;
  const range = `${Math.min(...values).toFixed(0)}–${Math.max(...values).toFixed(0)}`;
  return `${median(values).toFixed(0)} ms (${range}${missing > 0 ? `; not reported in ${missing}` : ''})`;
}

/**
 * In a new tab, navigates from `about:blank` to `url`, `rounds` times, and returns the medians and ranges as lines to
 * print. The toolbar shows before the tracker answers (it says it is loading), so this times the extension alone.
 */
export async function timeToolbar(context: BrowserContext, url: string, rounds: number): Promise<string> {
  const page = await context.newPage();
  await page.addInitScript({ content: recordToolbarFrame });
  const runs: NavigationTimes[] = [];
  try {
    for (let round = 0; round < rounds; round++) {
      await page.goto('about:blank');
      await page.goto(url);
      await page.waitForFunction('globalThis.__toolbarShownAt !== undefined', undefined, { timeout: 30_000 });
      runs.push(await page.evaluate(readTimes));
    }
  } finally {
    await page.close();
  }
  const of = (key: keyof NavigationTimes) => runs.map((run) => run[key]);
  return [
    `toolbar on screen after navigation to ${url}: median ${summary(of('toolbarMs'))} over ${rounds} navigations`,
    `the browser alone, same navigations: first contentful paint ${summary(of('firstPaintMs'))}, load event ${summary(of('loadMs'))}`,
  ].join('\n');
}
