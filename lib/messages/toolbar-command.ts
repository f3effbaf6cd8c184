import * as v from 'valibot';
import type { MessageKey } from '../i18n/messages';

/**
 * The browser's keyboard shortcuts for the toolbar: the manifest's `commands`, with the key each suggests (the user
 * changes them at chrome://extensions/shortcuts, or Firefox's add-on shortcuts page) and the words the browser shows.
 */
export const toolbarCommands = {
  'download-all': { suggestedKey: 'Alt+Shift+D', description: 'commandDownloadAll' },
  'attach-files': { suggestedKey: 'Alt+Shift+U', description: 'commandAttachFiles' },
} as const satisfies Record<string, { suggestedKey: string; description: MessageKey }>;

export type ToolbarCommand = keyof typeof toolbarCommands;

const commandNames = Object.keys(toolbarCommands) as [ToolbarCommand, ...ToolbarCommand[]];

export const ToolbarCommandSchema = v.picklist(commandNames);

/**
 * What the background sends the toolbar of the tab a shortcut was pressed in. The toolbar takes it only from the
 * extension's own background (`sender.id` ours, no tab): a page cannot send a content script runtime messages.
 */
export const ToolbarCommandMessageSchema = v.strictObject({
  type: v.literal('trackerdrop/toolbar-command'),
  command: ToolbarCommandSchema,
});

export type ToolbarCommandMessage = v.InferOutput<typeof ToolbarCommandMessageSchema>;

/** The manifest's `commands`, from the list above. */
export function manifestCommands(): Record<string, { suggested_key: { default: string }; description: string }> {
  return Object.fromEntries(
    Object.entries(toolbarCommands).map(([name, command]) => [
      name,
      { suggested_key: { default: command.suggestedKey }, description: `__MSG_${command.description}__` },
    ]),
  );
}
