import type { Browser, Page } from 'puppeteer-core';

/** A WebDriver BiDi remote value: a primitive's value, or a reference to a node or object in the browser. */
export interface RemoteValue {
  type: string;
  value?: unknown;
  sharedId?: string;
  handle?: string;
}

/** The BiDi commands and events these tests use beyond Puppeteer's own API, raw. */
export interface BidiConnection {
  send(method: string, params: object): Promise<{ result: unknown }>;
  on(event: string, listener: (params: unknown) => void): unknown;
}

/** Puppeteer drives Firefox over WebDriver BiDi; its connection takes any command of the protocol. */
export function bidiOf(browser: Browser): BidiConnection {
  const { connection } = browser as unknown as { connection?: BidiConnection };
  if (!connection) throw new Error('this browser is not driven over WebDriver BiDi');
  return connection;
}

/** The page's top-level browsing context, as BiDi names it (Puppeteer's frame id over BiDi). */
export function contextOf(page: Page): string {
  const { _id: context } = page.mainFrame() as unknown as { _id?: string };
  if (!context) throw new Error('the page has no BiDi browsing context id');
  return context;
}

interface EvaluateResult {
  type: 'success' | 'exception';
  result?: RemoteValue;
  exceptionDetails?: { text?: string };
}

/** The value of a script result, or the page's exception as an error. */
export function successOf(answer: { result: unknown }, what: string): RemoteValue {
  const outcome = answer.result as EvaluateResult;
  if (outcome.type === 'exception' || !outcome.result) {
    throw new Error(`${what}: ${outcome.exceptionDetails?.text ?? 'no result'}`);
  }
  return outcome.result;
}
