import type Browser from 'webextension-polyfill';
import { DebuggerClient, type Packet } from './rdp';

/** One document of the extension (its background page, an options tab, the bridge frame) as the debugger sees it. */
interface ExtensionDocument {
  actor: string;
  url: string;
  consoleActor: string;
}

/** A console message or uncaught error of one of the extension's documents. */
export interface ConsoleEntry {
  level: string;
  text: string;
  source: string;
}

/** Runs in an extension document with its `browser` global; what it returns must survive JSON. */
export type InExtension<A, T> = (browser: Browser.Browser, arg: A) => T | Promise<T>;

const backgroundPage = '/_generated_background_page.html';

function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') {
    const grip = value as { type?: string; preview?: { message?: string }; class?: string; initial?: string };
    if (grip.type === 'longString') return grip.initial ?? '';
    if (grip.preview?.message) return `${grip.class ?? 'Error'}: ${grip.preview.message}`;
  }
  return JSON.stringify(value);
}

/** A console resource of the debugger's watcher, in the few shapes Firefox sends, as one line. */
function consoleEntry(resourceType: string, resource: Record<string, unknown>): ConsoleEntry | undefined {
  if (resourceType === 'error-message') {
    const error = (resource.pageError ?? resource) as {
      errorMessage?: unknown;
      sourceName?: string;
      warning?: boolean;
      error?: boolean;
    };
    return {
      level: error.warning ? 'warn' : 'error',
      text: textOf(error.errorMessage),
      source: error.sourceName ?? '',
    };
  }
  if (resourceType === 'console-message') {
    const message = (resource.message ?? resource) as { level?: string; arguments?: unknown[]; filename?: string };
    return {
      level: message.level ?? 'log',
      text: (message.arguments ?? []).map(textOf).join(' '),
      source: message.filename ?? '',
    };
  }
  return undefined;
}

/**
 * The installed extension as about:debugging sees it: its documents (the background page, extension tabs), code
 * run in them, their console, and a reload (the background page starts afresh, as after an update). Tests use it
 * where Chromium tests use the service worker: to store settings and to look at the queues.
 */
export class ExtensionDebugger {
  private readonly documents = new Map<string, ExtensionDocument>();
  /** Evaluation results by id: one may arrive in the same read as the reply that names its id. */
  private readonly results = new Map<string, Packet>();
  private readonly resultWaiters = new Map<string, (packet: Packet) => void>();
  readonly console: ConsoleEntry[] = [];

  private constructor(
    private readonly client: DebuggerClient,
    private readonly descriptor: string,
  ) {
    client.onEvent((packet) => this.observe(packet));
  }

  static async attach(port: number, addonId: string): Promise<ExtensionDebugger> {
    const client = await DebuggerClient.connect(port);
    const { addons } = (await client.request('root', 'listAddons')) as Packet & {
      addons: { id: string; actor: string }[];
    };
    const addon = addons.find((candidate) => candidate.id === addonId);
    if (!addon) throw new Error(`the debugger lists no add-on ${addonId}`);
    const extension = new ExtensionDebugger(client, addon.actor);
    const watcher = (await client.request(addon.actor, 'getWatcher', {})) as Packet & { actor: string };
    await client.request(watcher.actor, 'watchTargets', { targetType: 'frame' });
    await client.request(watcher.actor, 'watchResources', { resourceTypes: ['console-message', 'error-message'] });
    return extension;
  }

  private observe(packet: Packet): void {
    if (packet.type === 'evaluationResult') {
      const id = String(packet.resultID);
      const waiter = this.resultWaiters.get(id);
      if (waiter) waiter(packet);
      else this.results.set(id, packet);
    } else if (packet.type === 'target-available-form') {
      const target = packet.target as ExtensionDocument & { isFallbackExtensionDocument?: boolean };
      if (!target.isFallbackExtensionDocument) this.documents.set(target.actor, target);
    } else if (packet.type === 'target-destroyed-form') {
      this.documents.delete((packet.target as ExtensionDocument).actor);
    } else if (packet.type === 'resources-available-array') {
      for (const [resourceType, resources] of packet.array as [string, Record<string, unknown>[]][]) {
        for (const resource of resources) {
          const entry = consoleEntry(resourceType, resource);
          if (entry) this.console.push(entry);
        }
      }
    }
  }

  /** The extension document at this path (`/popup.html`), waiting for it to load. */
  async document(path: string, timeoutMs = 15_000): Promise<ExtensionDocument> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      // The newest first: after a reload the old page's target may be reported gone only later.
      const found = [...this.documents.values()].findLast((document) => new URL(document.url).pathname === path);
      if (found) return found;
      if (Date.now() > deadline) {
        const known = [...this.documents.values()].map((document) => document.url).join(', ');
        throw new Error(`no extension document ${path} within ${timeoutMs} ms (there are: ${known || 'none'})`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** Runs `fn(browser, arg)` in the background page (or the document at `path`) and returns what it resolves to. */
  async evaluate<A, T>(fn: InExtension<A, T>, arg: A, path = backgroundPage): Promise<T> {
    const { consoleActor } = await this.document(path);
    const text = `(async () => JSON.stringify((await (${fn.toString()})(browser, ${JSON.stringify(arg)})) ?? null))()`;
    const { resultID } = (await this.client.request(consoleActor, 'evaluateJSAsync', {
      text,
      mapped: { await: true },
    })) as Packet & { resultID: string };
    const result = (await this.evaluationResult(resultID)) as Packet & {
      hasException?: boolean;
      exceptionMessage?: unknown;
      result?: unknown;
    };
    if (result.hasException) throw new Error(`in the extension: ${textOf(result.exceptionMessage)}`);
    return JSON.parse(await this.fullString(result.result)) as T;
  }

  private evaluationResult(resultID: string, timeoutMs = 120_000): Promise<Packet> {
    const arrived = this.results.get(resultID);
    this.results.delete(resultID);
    if (arrived) return Promise.resolve(arrived);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.resultWaiters.delete(resultID);
        reject(new Error(`no evaluation result within ${timeoutMs} ms (was the document closed?)`));
      }, timeoutMs);
      this.resultWaiters.set(resultID, (packet) => {
        clearTimeout(timer);
        this.resultWaiters.delete(resultID);
        resolve(packet);
      });
    });
  }

  /** A long result comes as a grip with the first part of it: the rest is asked for. */
  private async fullString(value: unknown): Promise<string> {
    if (typeof value === 'string') return value;
    const grip = value as { type?: string; actor?: string; length?: number };
    if (grip.type !== 'longString' || !grip.actor || grip.length === undefined) {
      throw new Error(`unexpected evaluation result ${JSON.stringify(value)}`);
    }
    const { substring } = (await this.client.request(grip.actor, 'substring', {
      start: 0,
      end: grip.length,
    })) as Packet & {
      substring: string;
    };
    return substring;
  }

  /** Reloads the add-on: the background page goes, in-flight requests and all, and a new one starts. */
  async reload(): Promise<void> {
    const before = new Set(this.documents.keys());
    await this.client.request(this.descriptor, 'reload', {});
    const deadline = Date.now() + 15_000;
    for (;;) {
      const fresh = [...this.documents.values()].some(
        (document) => !before.has(document.actor) && document.url.endsWith(backgroundPage),
      );
      if (fresh) return;
      if (Date.now() > deadline) throw new Error('the background page did not come back after the reload');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** Errors logged by any of the extension's documents so far. */
  errors(): ConsoleEntry[] {
    return this.console.filter((entry) => entry.level === 'error');
  }

  close(): void {
    this.client.close();
  }
}
