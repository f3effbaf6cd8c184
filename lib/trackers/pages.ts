import type { TrackerPage } from './page-types';
import { planfixPage } from './planfix/page';
import { pyrusPage } from './pyrus/page';
import type { TaskRef } from './types';
import { worksectionPage } from './worksection/page';
import { yandexTrackerPage } from './yandex-tracker/page';

/** The URL parsers of the four trackers: all a content script needs to know about them. */
export const trackerPages: readonly TrackerPage[] = [pyrusPage, yandexTrackerPage, worksectionPage, planfixPage];

export function parseTaskUrl(href: string): TaskRef | undefined {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:') return undefined;
  for (const page of trackerPages) {
    const ref = page.parse(url);
    if (ref) return ref;
  }
  return undefined;
}
