import { describe, expect, it } from 'vitest';
import { droppedFiles } from '../../lib/content/dropped-files';

/** A dropped file's entry; `gone`: removed since the drop, or a dangling link (the browser's NotFoundError). */
function fileEntry(name: string, gone = false) {
  return {
    isFile: true,
    isDirectory: false,
    name,
    file: (resolve: (file: File) => void, reject: (error: unknown) => void) =>
      setTimeout(() => (gone ? reject(new DOMException('gone', 'NotFoundError')) : resolve(new File(['x'], name)))),
  };
}

/** A dropped folder's entry, its children handed out in one page; `unlistable`: the browser may not read it. */
function folderEntry(name: string, children: unknown[] | 'unlistable') {
  return {
    isFile: false,
    isDirectory: true,
    name,
    createReader: () => {
      let given = false;
      return {
        readEntries: (resolve: (page: unknown[]) => void, reject: (error: unknown) => void) =>
          setTimeout(() => {
            if (children === 'unlistable') return reject(new DOMException('not readable', 'NotReadableError'));
            resolve(given ? [] : children);
            given = true;
          }),
      };
    },
  };
}

const drop = (entries: unknown[]) =>
  ({
    items: entries.map((entry) => ({ kind: 'file', webkitGetAsEntry: () => entry })),
    files: [],
  }) as unknown as DataTransfer;

const names = (files: readonly File[]) => files.map((file) => file.name);

describe('a drop with files or folders that cannot be read', () => {
  it('keeps the readable files, in order, and counts what could not be read', async () => {
    const read = await droppedFiles(
      drop([
        folderEntry('photos', [fileEntry('a.jpg'), fileEntry('gone.jpg', true), folderEntry('private', 'unlistable')]),
        fileEntry('dangling-link', true),
        fileEntry('report.pdf'),
      ]),
    );
    expect(names(read.files)).toEqual(['a.jpg', 'report.pdf']);
    expect(read.unreadable).toBe(3);
  });

  it('resolves with nothing read when nothing could be', async () => {
    const read = await droppedFiles(drop([fileEntry('gone.txt', true), folderEntry('secret', 'unlistable')]));
    expect(read).toEqual({ files: [], unreadable: 2 });
  });
});

describe('a dropped folder', () => {
  it('leaves out what file managers keep in folders for themselves, not a file dropped on its own', async () => {
    const junk = ['.DS_Store', 'Icon\r', '._report.pdf', 'Thumbs.db', 'desktop.ini'];
    const read = await droppedFiles(
      drop([
        folderEntry('docs', [...junk.map((name) => fileEntry(name)), fileEntry('report.pdf')]),
        fileEntry('.DS_Store'),
      ]),
    );
    expect(names(read.files)).toEqual(['report.pdf', '.DS_Store']);
    expect(read.unreadable).toBe(0);
  });
});
