import { describe, expect, it } from 'vitest';
import { parseTaskUrl, trackerPages } from '../../lib/trackers/pages';

describe.each(trackerPages.map((page) => [page.tracker, page] as const))('%s page URLs', (tracker, page) => {
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
