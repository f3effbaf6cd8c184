import { useEffect, useRef } from 'preact/hooks';
import * as v from 'valibot';
import browser from 'webextension-polyfill';
import { type ToolbarCommand, ToolbarCommandMessageSchema } from '../../lib/messages/toolbar-command';

/**
 * Calls `onCommand` when a keyboard shortcut of the extension is pressed in this tab. Only the extension's own
 * background sends these (a message with no tab): a page's scripts cannot reach a content script's runtime.
 */
export function useToolbarCommand(onCommand: (command: ToolbarCommand) => void): void {
  const latest = useRef(onCommand);
  latest.current = onCommand;
  useEffect(() => {
    const listener = (message: unknown, sender: browser.Runtime.MessageSender): undefined => {
      if (sender.id !== browser.runtime.id || sender.tab) return undefined;
      const parsed = v.safeParse(ToolbarCommandMessageSchema, message);
      if (parsed.success) latest.current(parsed.output.command);
      return undefined;
    };
    browser.runtime.onMessage.addListener(listener);
    return () => browser.runtime.onMessage.removeListener(listener);
  }, []);
}
