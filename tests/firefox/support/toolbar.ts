import type { Page } from 'puppeteer-core';
import { type BidiConnection, contextOf, type RemoteValue, successOf } from './bidi';

export type TextMatcher = string | RegExp;

/** Our own BiDi sandbox in the page: the page's scripts can neither see nor change what runs there. */
const sandbox = 'trackerdrop-tests';

/** In the page, with `this` the toolbar's shadow root: the text of the one element matching a selector. */
function textAt(this: ShadowRoot, selector: string): string | null {
  const found = this.querySelectorAll(selector);
  return found.length === 1 ? (found[0]?.textContent ?? '') : null;
}

/** In the page: how many elements match the selector and contain the text. */
function countAt(this: ShadowRoot, selector: string, containing: string): number {
  return [...this.querySelectorAll(selector)].filter((element) => element.textContent?.includes(containing)).length;
}

/** In the page: where the one enabled button of that name is on screen (scrolled into view), or why there is none. */
function buttonCentre(this: ShadowRoot, source: string, flags: string | null): { x: number; y: number } | string {
  const pattern = flags === null ? undefined : new RegExp(source, flags);
  const named = [...this.querySelectorAll('button')].filter((button) => {
    const name = (button.getAttribute('aria-label') ?? button.textContent ?? '').trim();
    return pattern ? pattern.test(name) : name === source;
  });
  const [button, ...others] = named;
  if (!button || others.length > 0) return `${named.length} buttons named ${source}`;
  if (button.disabled) return `the button ${source} is disabled`;
  button.scrollIntoView({ block: 'center' });
  const box = button.getBoundingClientRect();
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** In the page: the toolbar's file picker. */
function filePicker(this: ShadowRoot): Element | null {
  return this.querySelector('input[type=file]');
}

function matches(text: string, expected: TextMatcher): boolean {
  return typeof expected === 'string' ? text.includes(expected) : expected.test(text);
}

/**
 * The TrackerDrop toolbar of a tab in Firefox. It lives in a closed shadow root that page scripts cannot open;
 * WebDriver BiDi serializes closed shadow roots when asked (`includeShadowTree: 'all'`), the way DevTools shows
 * them, and scripts of our own BiDi sandbox run against it from there. Clicks are real input (trusted events), as
 * the toolbar acts on nothing else; files are picked as the browser's file chooser does.
 */
export class FirefoxToolbar {
  constructor(
    private readonly page: Page,
    private readonly bidi: BidiConnection,
  ) {}

  private async shadowRoot(): Promise<string | undefined> {
    const answer = await this.bidi.send('script.evaluate', {
      expression: 'document.querySelector("trackerdrop-toolbar")',
      target: { context: contextOf(this.page), sandbox },
      awaitPromise: false,
      serializationOptions: { maxDomDepth: 1, includeShadowTree: 'all' },
    });
    const host = successOf(answer, 'finding the toolbar');
    const properties = host.value as { shadowRoot?: RemoteValue | null } | undefined;
    return properties?.shadowRoot?.sharedId;
  }

  /** Calls one of the functions above in the page with the shadow root as `this`; undefined while there is none. */
  private async call(fn: (this: ShadowRoot, ...args: never[]) => unknown, args: readonly unknown[], asNode = false) {
    const root = await this.shadowRoot();
    if (!root) return undefined;
    const declaration = asNode
      ? fn.toString()
      : `function (...args) { return JSON.stringify((${fn.toString()}).apply(this, args)); }`;
    const answer = await this.bidi.send('script.callFunction', {
      functionDeclaration: declaration,
      this: { sharedId: root },
      arguments: args.map((value) => (value === null ? { type: 'null' } : { type: typeof value, value })),
      target: { context: contextOf(this.page), sandbox },
      awaitPromise: false,
      serializationOptions: { maxDomDepth: 0 },
    });
    const result = successOf(answer, `${fn.name} in the toolbar`);
    return asNode ? result : (JSON.parse(String(result.value)) as unknown);
  }

  /** The text of the one element that matches, or undefined (no toolbar, no such element, or several). */
  async text(selector: string): Promise<string | undefined> {
    const text = await this.call(textAt, [selector]);
    return typeof text === 'string' ? text : undefined;
  }

  /** Waits until the one element matching `selector` shows the text (contains it, or matches the pattern). */
  async expectText(selector: string, expected: TextMatcher, timeoutMs = 15_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    let last: string | undefined;
    for (;;) {
      last = await this.text(selector);
      if (last !== undefined && matches(last, expected)) return last;
      if (Date.now() > deadline) {
        throw new Error(`toolbar ${selector}: expected ${String(expected)} within ${timeoutMs} ms, last "${last}"`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  expectStatus(expected: TextMatcher, timeoutMs?: number): Promise<string> {
    return this.expectText('[role=status]', expected, timeoutMs);
  }

  /** Waits until `count` elements match the selector and contain the text. */
  async expectCount(selector: string, containing: string, count: number, timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let last: unknown;
    for (;;) {
      last = await this.call(countAt, [selector, containing]);
      if (last === count) return;
      if (Date.now() > deadline) {
        throw new Error(
          `toolbar ${selector} with "${containing}": expected ${count} within ${timeoutMs} ms, saw ${last}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  /** Clicks the button of that name (its text or label) with the mouse, as a person does. */
  async click(name: TextMatcher, timeoutMs = 10_000): Promise<void> {
    const [source, flags] = typeof name === 'string' ? [name, null] : [name.source, name.flags];
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const where = await this.call(buttonCentre, [source, flags]);
      if (where && typeof where === 'object') {
        const { x, y } = where as { x: number; y: number };
        await this.page.mouse.click(x, y);
        return;
      }
      if (Date.now() > deadline) throw new Error(`toolbar: cannot click ${String(name)}: ${String(where)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** Picks files in the toolbar's file input, as the browser's file chooser does. */
  async pickFiles(paths: readonly string[], timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let input: RemoteValue | undefined;
    for (;;) {
      input = (await this.call(filePicker, [], true)) as RemoteValue | undefined;
      if (input?.sharedId) break;
      if (Date.now() > deadline) throw new Error('toolbar: no file picker');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await this.bidi.send('input.setFiles', {
      context: contextOf(this.page),
      element: { sharedId: input.sharedId },
      files: [...paths],
    });
  }
}
