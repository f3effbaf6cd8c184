import type { Tracker } from '../trackers/definition';
import { type CustomPageHosts, parseTaskUrl } from '../trackers/pages';

/**
 * What the "Other task…" page accepts: a task page address of any tracker, or what its tracker knows a task by
 * alone (a Pyrus number, a Yandex Tracker key) with that tracker picked. Checked by the same URL parsers the content
 * script uses.
 */
export function taskUrlFromInput(input: string, tracker: Tracker, customHosts?: CustomPageHosts): string | undefined {
  const text = input.trim();
  if (parseTaskUrl(text, customHosts)) return text;
  const url = tracker.page.taskUrl?.(text.replace(/^#/, ''));
  return url && parseTaskUrl(url) ? url : undefined;
}
