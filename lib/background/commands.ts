import * as v from 'valibot';
import browser from 'webextension-polyfill';
import { type ToolbarCommandMessage, ToolbarCommandSchema } from '../messages/toolbar-command';

/**
 * A shortcut of the manifest's `commands` was pressed: the toolbar in the tab it was pressed in does what it names.
 * A tab without a toolbar (not a task page) has nobody listening, and nothing happens.
 */
export async function runToolbarCommand(command: string, tab: { id?: number } | undefined): Promise<void> {
  const parsed = v.safeParse(ToolbarCommandSchema, command);
  if (!parsed.success) return;
  const tabId = tab?.id ?? (await browser.tabs.query({ active: true, currentWindow: true }))[0]?.id;
  if (tabId === undefined) return;
  const message: ToolbarCommandMessage = { type: 'trackerdrop/toolbar-command', command: parsed.output };
  await browser.tabs.sendMessage(tabId, message).catch(() => undefined);
}

/** Firefox for Android has no `commands` (MDN browser-compat-data): there the shortcuts are simply not offered. */
export function listenToToolbarCommands(): void {
  if (!browser.commands) return;
  browser.commands.onCommand.addListener((command, tab) => void runToolbarCommand(command, tab));
}
