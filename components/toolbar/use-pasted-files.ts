import { useState } from 'preact/hooks';
import { pastedName } from './pasted-name';

export interface PastedFile {
  id: number;
  file: File;
  /** What it will be attached as; the user may change it before sending. */
  name: string;
}

let nextId = 1;

/** The files a paste carries: an image from the clipboard, or files copied in the file manager. */
function filesOf(data: DataTransfer): File[] {
  const files = [...data.files];
  if (files.length > 0) return files;
  return [...data.items].flatMap((item) => (item.kind === 'file' ? (item.getAsFile() ?? []) : []));
}

/**
 * Files pasted into the toolbar (Ctrl+V / Cmd+V), held until the user sends them, so a pasted image's name can be
 * changed first. Only a paste the browser made from the user's keys counts (the caller wraps it in `trusted`).
 */
export function usePastedFiles() {
  const [pasted, setPasted] = useState<readonly PastedFile[]>([]);

  /** Takes the files of a paste, if it carries any; a paste of text alone is left to the field it goes to. */
  const take = (event: ClipboardEvent): void => {
    const files = event.clipboardData ? filesOf(event.clipboardData) : [];
    if (files.length === 0) return;
    event.preventDefault();
    const now = new Date();
    setPasted((current) => [...current, ...files.map((file) => ({ id: nextId++, file, name: pastedName(file, now) }))]);
  };

  const rename = (id: number, name: string): void =>
    setPasted((current) => current.map((entry) => (entry.id === id ? { ...entry, name } : entry)));

  const remove = (id: number): void => setPasted((current) => current.filter((entry) => entry.id !== id));

  /**
   * Hands the files, under the names they will be attached as (an emptied name goes back to the offered one), to
   * `attach`; they are dropped from the list only once it queued them, so a refused name can be changed and sent again.
   */
  const send = async (attach: (files: File[]) => Promise<boolean>): Promise<void> => {
    const sent = pasted;
    const files = sent.map(({ file, name }) => {
      const chosen = name.trim() || pastedName(file, new Date());
      return chosen === file.name
        ? file
        : new File([file], chosen, { type: file.type, lastModified: file.lastModified });
    });
    if (!(await attach(files))) return;
    const sentIds = new Set(sent.map((entry) => entry.id));
    setPasted((current) => current.filter((entry) => !sentIds.has(entry.id)));
  };

  return { pasted, take, rename, remove, send };
}
