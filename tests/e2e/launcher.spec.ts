import type { Page } from '@playwright/test';
import { toolbarChunk } from '../../lib/content/toolbar-chunk';
import { pyrusSandbox } from '../sandbox/trackers/pyrus';
import { toolbarOf } from '../support/shadow-ui';
import { expect, test } from './fixtures';

interface ParsedScript {
  url: string;
  /** The JavaScript world it runs in: the page's own (`default`) or an extension's content scripts' (`isolated`). */
  world: string;
  executionContextId: number;
}

/** Every script the page's renderer compiles from now on, and in which world, seen over the DevTools protocol. */
async function watchScripts(page: Page): Promise<(file: string) => ParsedScript[]> {
  const cdp = await page.context().newCDPSession(page);
  const scripts: ParsedScript[] = [];
  cdp.on('Debugger.scriptParsed', (event) => {
    const { url, executionContextId, executionContextAuxData } = event as {
      url: string;
      executionContextId: number;
      executionContextAuxData?: { type?: string };
    };
    scripts.push({ url, executionContextId, world: executionContextAuxData?.type ?? '' });
  });
  await cdp.send('Debugger.enable');
  return (file) =>
    scripts.filter((script) => script.url.startsWith('chrome-extension://') && script.url.endsWith(file));
}

test("the toolbar code loads only once a page shows a task, into the content script's world", async ({
  context,
  connect,
}) => {
  await connect('pyrus');
  const page = await context.newPage();
  const parsed = await watchScripts(page);

  // Pyrus's app, showing no task: the content script runs, and that is all.
  await page.goto('https://pyrus.com/t#inbox');
  await expect.poll(() => parsed('content-scripts/tracker.js').length).toBe(1);
  await page.waitForTimeout(1000);
  expect(parsed(toolbarChunk.file)).toEqual([]);
  await expect(page.locator('trackerdrop-toolbar')).toHaveCount(0);

  // In-app navigation to a task: the toolbar's module is loaded and runs beside the content script, not in the page.
  // (What the toolbar then lists is toolbar.spec.ts's matter.)
  await page.evaluate((task) => {
    location.hash = `#id${task}`;
  }, pyrusSandbox.mainTask);
  await toolbarOf(page).waitFor();
  const [launcher] = parsed('content-scripts/tracker.js');
  const chunks = parsed(toolbarChunk.file);
  expect(chunks).toHaveLength(1);
  expect(chunks[0]?.world).toBe('isolated');
  expect(chunks[0]?.executionContextId).toBe(launcher?.executionContextId);

  // Away from tasks and back: the same module takes the toolbar away and shows it again.
  await page.evaluate(() => {
    location.hash = '#inbox';
  });
  await expect(page.locator('trackerdrop-toolbar')).toHaveCount(0);
  await page.evaluate((task) => {
    location.hash = `#id${task}`;
  }, pyrusSandbox.emptyTask);
  await toolbarOf(page).waitFor();
  expect(parsed(toolbarChunk.file)).toHaveLength(1);
});
