import type { HttpClient } from '../http/client';

/** What a page shows: a task (issue), or a project-level container whose files the seeds document. */
export type ContainerKind = 'task' | 'project' | 'portfolio';

/**
 * A task (or project) of one tracker, as its page URL shows it and as its API client is asked about it. Plain data:
 * it crosses message boundaries (the app's `TaskRef` adds which tracker: see registry.ts).
 */
export interface TaskTarget {
  kind: ContainerKind;
  /** As the UI shows it: Pyrus `12345`, Yandex Tracker `QUEUE-12` or an entity id, Worksection task id, PlanFix task number. */
  id: string;
  /** Worksection: the project a task sits in. */
  projectId?: string;
  /** Worksection and PlanFix: the account name from `<account>.worksection.com` / `<account>.planfix.ru`. */
  account?: string;
  /** The page host the reference was read from (checked against the sender tab by the background). */
  host: string;
}

/**
 * A page that lists tasks, as its URL shows it: a Yandex Tracker queue, saved filter or search, a Worksection or
 * PlanFix project, a Pyrus form's register. Plain data, like `TaskTarget`.
 */
export interface TaskListTarget {
  kind: 'list';
  list: 'queue' | 'filter' | 'query' | 'project' | 'register';
  /** The queue key, filter id, project id or form id; for a `query`, the query text itself. */
  id: string;
  /** Worksection and PlanFix: the account name from the page's host. */
  account?: string;
  host: string;
}

/** One task of a list: the task as its own page would show it, and its title where the list gives one. */
export interface ListedTask {
  target: TaskTarget;
  title: string;
}

export interface ListedTasks {
  tasks: ListedTask[];
  /** More tasks are in the list than were asked for (the caller's limit, or the tracker's). */
  truncated: boolean;
}

/** Where an attachment sits in the task. */
export type AttachmentPlace =
  | { kind: 'task' }
  | { kind: 'comment'; commentId: string; author?: string; date?: string }
  | { kind: 'field'; field: string }
  | { kind: 'project' };

export interface Attachment {
  id: string;
  name: string;
  /** Bytes. PlanFix reports kilobytes only: then `sizeExact` is false and this is the upper bound. */
  size: number;
  sizeExact: boolean;
  mime?: string;
  author?: string;
  /** ISO 8601. */
  createdAt?: string;
  md5?: string;
  place: AttachmentPlace;
}

export interface TaskAttachments {
  title?: string;
  attachments: Attachment[];
}

export interface Identity {
  id: string;
  name: string;
}

/** What the browser's downloads API needs to fetch one attachment. Headers are secrets: never log them. */
export interface DownloadRequest {
  url: string;
  method?: 'GET' | 'POST';
  headers: { name: string; value: string }[];
  body?: string;
  /** The URL itself works as a credential: erase the download from the browser's history once the file is saved. */
  forgetAfterSave?: boolean;
}

/** A file to upload: a Blob that may be backed by disk (IndexedDB) and is never read whole into memory. */
export interface UploadFile {
  name: string;
  size: number;
  type?: string;
  blob: Blob;
}

export interface TransferOptions {
  signal?: AbortSignal;
  onProgress?: (sentBytes: number, totalBytes: number) => void;
  /**
   * Where a same-named file is already in the task and the tracker refuses the name (PlanFix `9006`, a `conflict`):
   * send this one as its new version. Only the caller knows whether that file was there before or is an earlier try.
   */
  asNewVersion?: boolean;
}

/**
 * The `detail` of an upload's `conflict` (a name taken) where the file holding the name is the target's own: a new
 * version of it (`asNewVersion`) is then the tracker's way to send the file again. Without it, the name is held
 * elsewhere and the file goes under a free name instead.
 */
export const nameHeldInTask = 'name held by a file of this task';

/**
 * The `detail` of an attach refused because the tracker no longer keeps what the upload step sent (Pyrus deletes
 * uploads no comment took in time): nothing was attached, and the files must be uploaded again.
 */
export const uploadsExpired = 'uploads no longer kept by the tracker';

/**
 * The result of the upload step. Where a tracker uploads and attaches in one request (Worksection `attach[n]`,
 * PlanFix `file.upload`), `attached` is already true and no attach step follows.
 */
export interface UploadResult {
  remoteRef: string;
  attached: boolean;
  /** The hash the tracker computed, where it returns one (already compared with ours by the client). */
  md5?: string;
}

export interface FileFingerprint {
  name: string;
  size: number;
  md5?: string;
}

export interface TrackerApi {
  readonly tracker: string;
  /** Checks the credentials and says who we are. */
  whoAmI(signal?: AbortSignal): Promise<Identity>;
  /** Every attachment of the task: body, comments, form fields. */
  listAttachments(target: TaskTarget, signal?: AbortSignal): Promise<TaskAttachments>;
  /** The tasks a list page shows, paged through the tracker's list API, at most `limit` of them. */
  listTasks(list: TaskListTarget, limit: number, signal?: AbortSignal): Promise<ListedTasks>;
  /**
   * How to fetch a file. `fetchedBy`: who will send the request. The browser's downloads API keeps every header
   * across a redirect to another host, where `fetch` drops `Authorization`: a client whose API redirects to the file
   * resolves the link first for the downloads API only.
   */
  downloadRequest(
    target: TaskTarget,
    attachment: Attachment,
    fetchedBy?: 'downloads-api' | 'fetch',
  ): Promise<DownloadRequest>;
  upload(target: TaskTarget, file: UploadFile, options?: TransferOptions): Promise<UploadResult>;
  /** Attaches uploaded files to the task, with an optional comment where the tracker attaches through one. */
  attach(target: TaskTarget, uploads: { remoteRef: string; name: string }[], comment?: string): Promise<void>;
  /**
   * Settles an ambiguous step: the attachments of the task that match this file (name and size, and the hash
   * where the tracker gives one). Callers compare with the matches seen before the upload started.
   */
  findAttached(target: TaskTarget, file: FileFingerprint, signal?: AbortSignal): Promise<Attachment[]>;
}

/** What every tracker client is built from. */
export interface ApiDeps {
  http: HttpClient;
  /** Overrides the tracker's documented request rate (tests against the sandbox, which does not limit). */
  minIntervalMs?: number;
  /** Persists small state between service-worker lives (Pyrus token, Worksection signing scheme). */
  memo?: KeyValueMemo;
}

export interface KeyValueMemo {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string | undefined): Promise<void>;
}
