import { describe, expect, it } from 'vitest';
import { parseTaskUrl, trackerPages } from '../../lib/trackers/pages';
import { trackers } from '../../lib/trackers/registry';

describe.each(trackers.map((tracker) => [tracker.id, tracker.page] as const))('%s page URLs', (tracker, page) => {
  it.each(page.examples.map((example) => [example.url, example.expected] as const))('%s', (url, expected) => {
    const ref = parseTaskUrl(url);
    if (expected === undefined) expect(ref).toBeUndefined();
    else expect(ref).toEqual({ ...expected, tracker, host: new URL(url).host });
  });
});

describe('parseTaskUrl', () => {
  it('ignores plain http and garbage', () => {
    expect(parseTaskUrl('http://pyrus.com/t#id1')).toBeUndefined();
    expect(parseTaskUrl('not a url')).toBeUndefined();
  });
});

describe('on-premise hosts', () => {
  it('reads a task on a configured on-premise Pyrus host, and nowhere else', () => {
    const url = 'https://pyrus.onprem.example/t#id7';
    expect(parseTaskUrl(url)).toBeUndefined();
    expect(parseTaskUrl(url, (tracker) => (tracker === 'pyrus' ? ['pyrus.onprem.example'] : []))).toEqual({
      tracker: 'pyrus',
      kind: 'task',
      id: '7',
      host: 'pyrus.onprem.example',
    });
    expect(parseTaskUrl(url, (tracker) => (tracker === 'planfix' ? ['pyrus.onprem.example'] : []))).toBeUndefined();
  });
});

describe('the page parsers found by folder', () => {
  it("are the registered trackers' own, each under its id", () => {
    const byId = new Map(trackerPages.map((found) => [found.id, found.page]));
    expect([...byId.keys()].sort()).toEqual(trackers.map((tracker) => tracker.id).sort());
    for (const tracker of trackers) expect(byId.get(tracker.id), tracker.id).toBe(tracker.page);
  });
});
