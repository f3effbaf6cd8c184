import { type CustomPageHosts, parseTaskUrl } from '../trackers/pages';
import type { TrackerId } from '../trackers/types';

/** Bare task numbers a tracker's cloud address turns into a page URL; the others need their account's address. */
const pageForId: Partial<Record<TrackerId, (id: string) => string | undefined>> = {
  pyrus: (id) => (/^\d{1,12}$/.test(id) ? `https://pyrus.com/t#id${id}` : undefined),
  'yandex-tracker': (id) => (/^[A-Z][A-Z0-9_]*-\d+$/.test(id) ? `https://tracker.yandex.ru/${id}` : undefined),
};

/**
 * What the "Other task…" page accepts: a task page address of any of the four trackers, or a Pyrus task number or
 * Yandex Tracker key with its tracker picked. Checked by the same URL parsers the content script uses.
 */
export function taskUrlFromInput(input: string, tracker: TrackerId, customHosts?: CustomPageHosts): string | undefined {
  const text = input.trim();
  if (parseTaskUrl(text, customHosts)) return text;
  const url = pageForId[tracker]?.(text.replace(/^#/, ''));
  return url && parseTaskUrl(url) ? url : undefined;
}
