import { parseHTML } from 'linkedom';
import { act } from 'preact/test-utils';

/**
 * A linkedom document as the globals Preact renders into (window, document and the classes it checks), with an
 * empty `#root`; returns that root.
 */
export function installDom(): Element {
  const { window, document } = parseHTML('<!doctype html><html><body><div id="root"></div></body></html>');
  Object.assign(globalThis, {
    window,
    document,
    Node: window.Node,
    HTMLElement: window.HTMLElement,
    Event: window.Event,
  });
  return document.getElementById('root') as Element;
}

/** Lets a rendered page's storage reads and messages settle (a few turns of the timers, inside `act`). */
export function settle(): Promise<void> {
  return act(async () => {
    for (let turn = 0; turn < 10; turn++) await new Promise((resolve) => setTimeout(resolve, 5));
  });
}
