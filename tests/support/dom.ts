import { parseHTML } from 'linkedom';

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
