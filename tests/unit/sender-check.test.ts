import { describe, expect, it } from 'vitest';
import { senderMayAsk } from '../../lib/background/sender-check';
import type { TaskRef } from '../../lib/trackers/registry';

const context = { extensionId: 'abc', extensionOrigin: 'chrome-extension://abc/' };
const task: TaskRef = { tracker: 'pyrus', kind: 'task', id: '1001', host: 'pyrus.com' };

describe('senderMayAsk', () => {
  it('lets a content script ask about the task its own page shows', () => {
    expect(senderMayAsk(context, { id: 'abc', url: 'https://pyrus.com/t#id1001' }, task)).toBe(true);
  });

  it('lets it ask about another task of the same tracker and host (its page may have navigated since)', () => {
    expect(senderMayAsk(context, { id: 'abc', url: 'https://pyrus.com/t#id1002' }, task)).toBe(true);
  });

  it('lets a page of that tracker and host ask whatever its address still says (an inbox it navigated away from)', () => {
    expect(senderMayAsk(context, { id: 'abc', url: 'https://pyrus.com/t#inbox' }, task)).toBe(true);
  });

  it('refuses a content script asking about another tracker or host', () => {
    expect(senderMayAsk(context, { id: 'abc', url: 'https://tracker.yandex.ru/TEST-1' }, task)).toBe(false);
    expect(senderMayAsk(context, { id: 'abc', url: 'https://pyrus.onprem.example/t#id1001' }, task)).toBe(false);
  });

  it('refuses other extensions and senders without a URL', () => {
    expect(senderMayAsk(context, { id: 'evil', url: 'https://pyrus.com/t#id1001' }, task)).toBe(false);
    expect(senderMayAsk(context, { id: 'abc' }, task)).toBe(false);
  });

  it('lets our own extension pages ask about any task', () => {
    expect(senderMayAsk(context, { id: 'abc', url: 'chrome-extension://abc/popup.html' }, task)).toBe(true);
    expect(senderMayAsk(context, { id: 'abc', url: 'chrome-extension://other/popup.html' }, task)).toBe(false);
  });
});
