import type { CDPSession, Page } from '@playwright/test';

/**
 * The toolbar lives in a closed shadow root, which neither page scripts nor Playwright's locators can enter. Tests
 * reach it the way assistive technology and DevTools do: over the Chrome DevTools Protocol, finding elements in
 * the accessibility tree (which includes closed shadow roots) and clicking them with real, trusted input events.
 * The API follows Playwright's locators where it can, so a test reads the same.
 */

interface AxNode {
  backendDOMNodeId?: number;
  name?: { value?: string };
}

interface DomNode {
  nodeId: number;
  backendNodeId: number;
  localName?: string;
  children?: DomNode[];
  shadowRoots?: DomNode[];
  contentDocument?: DomNode;
}

export type NameMatcher = string | RegExp;

interface RoleStep {
  kind: 'role';
  role: string;
  name?: NameMatcher;
  exact?: boolean;
}
interface CssStep {
  kind: 'css';
  selector: string;
}
interface FilterStep {
  kind: 'filter';
  hasText: NameMatcher;
}
type Step = RoleStep | CssStep | FilterStep;

const sessions = new WeakMap<Page, Promise<CDPSession>>();

function sessionOf(page: Page): Promise<CDPSession> {
  let session = sessions.get(page);
  if (!session) {
    session = page.context().newCDPSession(page);
    sessions.set(page, session);
    page.once('close', () => sessions.delete(page));
  }
  return session;
}

function matches(text: string, matcher: NameMatcher, exact = false): boolean {
  if (typeof matcher !== 'string') return matcher.test(text);
  return exact ? text === matcher : text.toLowerCase().includes(matcher.toLowerCase());
}

function findHost(node: DomNode, tag: string): DomNode | undefined {
  if (node.localName === tag) return node;
  for (const child of [...(node.children ?? []), ...(node.shadowRoots ?? [])]) {
    const found = findHost(child, tag);
    if (found) return found;
  }
  return undefined;
}

export class ShadowLocator {
  constructor(
    private readonly page: Page,
    private readonly host: string,
    private readonly steps: readonly Step[],
  ) {}

  getByRole(role: string, options: { name?: NameMatcher; exact?: boolean } = {}): ShadowLocator {
    return new ShadowLocator(this.page, this.host, [...this.steps, { kind: 'role', role, ...options }]);
  }

  locator(selector: string): ShadowLocator {
    return new ShadowLocator(this.page, this.host, [...this.steps, { kind: 'css', selector }]);
  }

  filter({ hasText }: { hasText: NameMatcher }): ShadowLocator {
    return new ShadowLocator(this.page, this.host, [...this.steps, { kind: 'filter', hasText }]);
  }

  /** The backend node ids the steps lead to now (empty while the toolbar is not there). */
  private async resolve(): Promise<number[]> {
    const cdp = await sessionOf(this.page);
    const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: DomNode };
    const host = findHost(root, this.host);
    const shadow = host?.shadowRoots?.[0];
    if (!shadow) return [];
    // The host itself is left out of the accessibility tree: the search starts at the shadow root's elements.
    let scope: { backendNodeId: number; nodeId?: number }[] = (shadow.children ?? []).map((child) => ({
      backendNodeId: child.backendNodeId,
      nodeId: child.nodeId,
    }));
    for (const step of this.steps) {
      const next: { backendNodeId: number; nodeId?: number }[] = [];
      for (const node of scope) {
        if (step.kind === 'role') {
          const exactName = typeof step.name === 'string' && step.exact ? { accessibleName: step.name } : {};
          const { nodes } = (await cdp.send('Accessibility.queryAXTree', {
            backendNodeId: node.backendNodeId,
            role: step.role,
            ...exactName,
          } as never)) as { nodes: AxNode[] };
          for (const found of nodes) {
            if (found.backendDOMNodeId === undefined) continue;
            if (step.name !== undefined && !matches(found.name?.value ?? '', step.name, step.exact)) continue;
            if (found.backendDOMNodeId === node.backendNodeId) continue;
            next.push({ backendNodeId: found.backendDOMNodeId });
          }
        } else if (step.kind === 'css') {
          const nodeId = node.nodeId ?? (await this.frontendId(cdp, node.backendNodeId));
          const { nodeIds } = (await cdp.send('DOM.querySelectorAll', { nodeId, selector: step.selector })) as {
            nodeIds: number[];
          };
          for (const id of nodeIds) {
            const { node: described } = (await cdp.send('DOM.describeNode', { nodeId: id })) as { node: DomNode };
            next.push({ backendNodeId: described.backendNodeId, nodeId: id });
          }
        } else if (matches(await this.textOf(cdp, node.backendNodeId), step.hasText)) {
          next.push(node);
        }
      }
      scope = next;
    }
    return [...new Set(scope.map((node) => node.backendNodeId))];
  }

  private async frontendId(cdp: CDPSession, backendNodeId: number): Promise<number> {
    const { nodeIds } = (await cdp.send('DOM.pushNodesByBackendIdsToFrontend', {
      backendNodeIds: [backendNodeId],
    })) as { nodeIds: number[] };
    return nodeIds[0] ?? 0;
  }

  private async call<T>(cdp: CDPSession, backendNodeId: number, declaration: string, args: unknown[] = []) {
    const { object } = (await cdp.send('DOM.resolveNode', { backendNodeId })) as { object: { objectId: string } };
    const { result, exceptionDetails } = (await cdp.send('Runtime.callFunctionOn', {
      objectId: object.objectId,
      functionDeclaration: declaration,
      arguments: args.map((value) => ({ value })),
      returnByValue: true,
      awaitPromise: true,
    })) as { result: { value: T }; exceptionDetails?: { text: string } };
    if (exceptionDetails) throw new Error(`in the page: ${exceptionDetails.text}`);
    return result.value;
  }

  private textOf(cdp: CDPSession, backendNodeId: number): Promise<string> {
    return this.call<string>(cdp, backendNodeId, 'function () { return this.textContent ?? ""; }');
  }

  /** The one element the locator stands for, waiting (like Playwright) until there is exactly one. */
  private async only(timeout = 10_000): Promise<number> {
    const deadline = Date.now() + timeout;
    for (;;) {
      const found = await this.resolve();
      if (found.length === 1 && found[0] !== undefined) return found[0];
      if (found.length > 1) throw new Error(`${this.describe()} matches ${found.length} elements`);
      if (Date.now() > deadline) throw new Error(`${this.describe()} not found within ${timeout} ms`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  describe(): string {
    return `<${this.host}> ${this.steps
      .map((step) =>
        step.kind === 'role'
          ? `role=${step.role}${step.name === undefined ? '' : `[name=${String(step.name)}]`}`
          : step.kind === 'css'
            ? step.selector
            : `:has-text(${String(step.hasText)})`,
      )
      .join(' >> ')}`;
  }

  async count(): Promise<number> {
    return (await this.resolve()).length;
  }

  async textContent(): Promise<string> {
    const cdp = await sessionOf(this.page);
    return this.textOf(cdp, await this.only());
  }

  /** Runs a self-contained function on the element in the page's main world (it may observe it, read styles). */
  async evaluate<T, A>(fn: (element: Element, arg: A) => T | Promise<T>, arg?: A, timeout?: number): Promise<T> {
    const cdp = await sessionOf(this.page);
    return this.call<T>(cdp, await this.only(timeout), `function (arg) { return (${fn.toString()})(this, arg); }`, [
      arg,
    ]);
  }

  /** A click where the element is, with the mouse: a trusted event, as a person's. */
  async click(): Promise<void> {
    const cdp = await sessionOf(this.page);
    const backendNodeId = await this.only();
    await cdp.send('DOM.scrollIntoViewIfNeeded', { backendNodeId });
    const { quads } = (await cdp.send('DOM.getContentQuads', { backendNodeId })) as { quads: number[][] };
    const quad = quads[0];
    if (!quad) throw new Error(`${this.describe()} is not visible`);
    const x = ((quad[0] ?? 0) + (quad[4] ?? 0)) / 2;
    const y = ((quad[1] ?? 0) + (quad[5] ?? 0)) / 2;
    await this.page.mouse.click(x, y);
  }

  async isChecked(): Promise<boolean> {
    const cdp = await sessionOf(this.page);
    return this.call<boolean>(cdp, await this.only(), 'function () { return Boolean(this.checked); }');
  }

  async check(): Promise<void> {
    if (!(await this.isChecked())) await this.click();
  }

  /** Files picked in a file input, as the browser's file chooser does it. */
  async setInputFiles(paths: readonly string[]): Promise<void> {
    const cdp = await sessionOf(this.page);
    await cdp.send('DOM.setFileInputFiles', { backendNodeId: await this.only(), files: [...paths] });
  }

  async waitFor(timeout?: number): Promise<void> {
    await this.only(timeout);
  }
}

/** The TrackerDrop toolbar of a page: the region inside the closed shadow root of `<trackerdrop-toolbar>`. */
export function toolbarOf(page: Page): ShadowLocator {
  return new ShadowLocator(page, 'trackerdrop-toolbar', []).getByRole('region', { name: 'TrackerDrop', exact: true });
}

/** Waits until the element's text contains `expected` (a string) or matches it (a pattern). */
export async function expectText(
  locator: ShadowLocator,
  expected: NameMatcher,
  { timeout = 10_000 }: { timeout?: number } = {},
): Promise<void> {
  const deadline = Date.now() + timeout;
  let last = '';
  for (;;) {
    last = (await locator.count()) === 1 ? await locator.textContent().catch(() => '') : '';
    if (matches(last, expected) && (typeof expected !== 'string' || last.includes(expected))) return;
    if (Date.now() > deadline) {
      throw new Error(
        `${locator.describe()}: expected text ${String(expected)} within ${timeout} ms, last seen "${last}"`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Waits until the locator matches `count` elements. */
export async function expectCount(
  locator: ShadowLocator,
  count: number,
  { timeout = 10_000 }: { timeout?: number } = {},
): Promise<void> {
  const deadline = Date.now() + timeout;
  let last = -1;
  for (;;) {
    last = await locator.count();
    if (last === count) return;
    if (Date.now() > deadline) {
      throw new Error(`${locator.describe()}: expected ${count} elements within ${timeout} ms, last seen ${last}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Answers the file chooser that `open` makes the page show with `paths`, intercepted on this module's own DevTools
 * session and switched on before `open` runs. Playwright's `filechooser` event switches its interception on without
 * waiting for it; on a loaded machine it let a chooser go by unreported (in CI, and once in 8 runs here with both
 * cores kept busy).
 */
export async function chooseFiles(
  page: Page,
  paths: readonly string[],
  open: () => Promise<void>,
  { timeout = 10_000 }: { timeout?: number } = {},
): Promise<void> {
  const cdp = await sessionOf(page);
  await cdp.send('Page.enable');
  await cdp.send('Page.setInterceptFileChooserDialog', { enabled: true });
  try {
    const opened = new Promise<number | undefined>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no file chooser opened within ${timeout} ms`)), timeout);
      cdp.once('Page.fileChooserOpened', (event) => {
        clearTimeout(timer);
        resolve(event.backendNodeId);
      });
    });
    opened.catch(() => undefined); // `open` may fail first; its error is the one to report.
    await open();
    const backendNodeId = await opened;
    if (backendNodeId === undefined) throw new Error('the file chooser belongs to no input element');
    await cdp.send('DOM.setFileInputFiles', { files: [...paths], backendNodeId });
  } finally {
    await cdp.send('Page.setInterceptFileChooserDialog', { enabled: false });
  }
}
