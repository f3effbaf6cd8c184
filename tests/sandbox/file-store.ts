import { type Content, hashContent } from './content';
import type { SandboxFile } from './emulator';

export interface StoredFile extends SandboxFile {
  container: string;
  createdAt: string;
  author: string;
  /** Hidden from `live()` (Pyrus `removed_attachment_ids`), though old comments still carry it. */
  removed?: boolean;
}

/** The files an emulator holds, by container; ids are numeric strings, unique across the emulator. */
export class FileStore {
  private files: StoredFile[] = [];
  private nextId: number;
  private readonly md5Cache = new Map<string, string>();

  constructor(private readonly firstId: number) {
    this.nextId = firstId;
  }

  clear(): void {
    this.files = [];
    this.nextId = this.firstId;
    this.md5Cache.clear();
  }

  add(container: string, name: string, content: Content, place: string, author = 'Anna Petrova'): StoredFile {
    const file: StoredFile = {
      id: String(this.nextId++),
      name,
      content,
      place,
      container,
      author,
      createdAt: new Date(Date.UTC(2026, 0, 10, 9, 0, this.files.length)).toISOString(),
    };
    this.files.push(file);
    return file;
  }

  get(id: string): StoredFile | undefined {
    return this.files.find((file) => file.id === id);
  }

  /** Every file of the container, removed ones included. */
  all(container: string): StoredFile[] {
    return this.files.filter((file) => file.container === container);
  }

  live(container: string): StoredFile[] {
    return this.all(container).filter((file) => !file.removed);
  }

  inPlace(container: string, place: string): StoredFile[] {
    return this.all(container).filter((file) => file.place === place);
  }

  async md5(file: SandboxFile): Promise<string> {
    let md5 = this.md5Cache.get(file.id);
    if (!md5) {
      md5 = await hashContent(file.content, 'md5');
      this.md5Cache.set(file.id, md5);
    }
    return md5;
  }
}
