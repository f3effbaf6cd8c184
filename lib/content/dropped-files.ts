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

async function filesOf(entry: FileSystemEntry): Promise<File[]> {
  if (isFile(entry)) {
    const file = await new Promise<File>((resolve, reject) => entry.file(resolve, reject));
    return [file];
  }
  if (isDirectory(entry)) {
    const children = await readAll(entry.createReader());
    return (await Promise.all(children.map(filesOf))).flat();
  }
  return [];
}

/** The files of a drop, folders expanded to every file inside them (at any depth). */
export async function droppedFiles(data: DataTransfer): Promise<File[]> {
  // Entries must be taken synchronously, before the drop event returns.
  const entries = [...data.items]
    .filter((item) => item.kind === 'file')
    .map((item) => item.webkitGetAsEntry())
    .filter((entry): entry is FileSystemEntry => entry !== null);
  if (entries.length === 0) return [...data.files];
  return (await Promise.all(entries.map(filesOf))).flat();
}
