import { renderToString } from 'preact-render-to-string';
import { TrackerFieldset } from '../../components/options/TrackerFieldset';
import type { TrackerForm } from '../../components/options/use-tracker-form';
import type { Tracker } from '../../lib/trackers/definition';

/** A tracker's options fieldset as HTML, showing these values, with nothing saved and no action wired. */
export function renderFieldset(tracker: Tracker, values: Record<string, string> = tracker.initial): string {
  const form: TrackerForm = {
    tracker,
    values: { ...values },
    savedSecrets: [],
    locked: [],
    problems: [],
    status: { tone: '', text: '' },
    change: () => undefined,
    save: async () => undefined,
    test: async () => undefined,
    clear: async () => undefined,
  };
  return renderToString(<TrackerFieldset form={form} />);
}
