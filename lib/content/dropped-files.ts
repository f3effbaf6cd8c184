/** What a drop holds: its readable files, and how many of its files or folders could not be read. */
export interface Drop {
  files: File[];
  unreadable: number;
}

/** Reads all entries of a dropped folder (the API hands them out in pages). */
async function readAll(reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> {
  const entries: FileSystemEntry[] = [];
  for (;;) {
    const page = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (page.length === 0) return entries;
    entries.push(...page);
  }
}

const isFile = (entry: FileSystemEntry): entry is FileSystemFileEntry => entry.isFile;
const isDirectory = (entry: FileSystemEntry): entry is FileSystemDirectoryEntry => entry.isDirectory;

/**
 * What file managers keep in folders for themselves: Finder's `.DS_Store`, `._*` and custom icon `Icon\r`,
 * Explorer's `Thumbs.db` and `desktop.ini`. Nobody drops a folder to attach them (and `Icon\r` no tracker takes).
 */
const isFolderJunk = (name: string): boolean => /^(?:\.DS_Store|Icon\r|Thumbs\.db|desktop\.ini|\._.*)$/i.test(name);

const nothing: Drop = { files: [], unreadable: 0 };

function merged(parts: readonly Drop[]): Drop {
  return {
    files: parts.flatMap((part) => part.files),
    unreadable: parts.reduce((count, part) => count + part.unreadable, 0),
  };
}

/**
 * One entry's files, never a rejection: a file gone since the drop (or a dangling link), or a folder that may not
 * be listed, counts as unreadable and the rest of the drop still goes.
 */
async function filesOf(entry: FileSystemEntry, inFolder: boolean): Promise<Drop> {
  try {
    if (isFile(entry)) {
      if (inFolder && isFolderJunk(entry.name)) return nothing;
      const file = await new Promise<File>((resolve, reject) => entry.file(resolve, reject));
      return { files: [file], unreadable: 0 };
    }
    if (isDirectory(entry)) {
      const children = await readAll(entry.createReader());
      return merged(await Promise.all(children.map((child) => filesOf(child, true))));
    }
  } catch {
    return { files: [], unreadable: 1 };
  }
  return nothing;
}

/** The files of a drop, folders expanded to every file inside them (at any depth). */
export async function droppedFiles(data: DataTransfer): Promise<Drop> {
  // Entries must be taken synchronously, before the drop event returns.
  const entries = [...data.items]
    .filter((item) => item.kind === 'file')
    .map((item) => item.webkitGetAsEntry())
    .filter((entry): entry is FileSystemEntry => entry !== null);
  if (entries.length === 0) return { files: [...data.files], unreadable: 0 };
  return merged(await Promise.all(entries.map((entry) => filesOf(entry, false))));
}
