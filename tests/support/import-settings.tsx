import { render } from 'preact';
import { act } from 'preact/test-utils';
import { ExportSection } from '../../components/options/ExportSection';
import { settle } from './dom';

/** Imports a settings file through the options page's Import, rendered in `root`; answers the status line. */
export async function importSettingsFile(root: Element, json: unknown): Promise<string | null | undefined> {
  render(null, root);
  render(<ExportSection onImported={() => undefined} />, root);
  await settle();
  const input = root.querySelector('input[type=file]') as HTMLInputElement;
  Object.defineProperty(input, 'files', { value: [new File([JSON.stringify(json)], 'settings.json')] });
  // What a browser's file input holds once a file is picked.
  input.value = 'C:\\fakepath\\settings.json';
  await act(() => void input.dispatchEvent(new window.Event('change')));
  await settle();
  return root.querySelector('[role=status]')?.textContent;
}
