import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { droppedFiles } from '../../lib/content/dropped-files';
import { matchesFilter } from '../../lib/downloads/groups';
import { savedUnchanged } from '../../lib/downloads/ledger-entry';
import { errorText } from '../../lib/i18n/error-text';
import { tCount } from '../../lib/i18n/plural';
import { t } from '../../lib/i18n/t';
import type { DownloadsStarted } from '../../lib/messages/downloads-started';
import { send } from '../../lib/messages/send';
import type { SavedView } from '../../lib/messages/watch';
import { type TaskListRef, type TaskRef, trackerOf } from '../../lib/trackers/registry';
import type { Attachment } from '../../lib/trackers/types';
import { AttachPanel } from './AttachPanel';
import { FileGroups } from './FileGroups';
import { MoreRows } from './MoreRows';
import { PastedFiles } from './PastedFiles';
import { statusText } from './status-text';
import { TaskListPanel } from './TaskListPanel';
import { trusted } from './trusted';
import { useAttach } from './use-attach';
import { usePastedFiles } from './use-pasted-files';
import { useRowsOnScroll } from './use-rows-on-scroll';
import { useTaskFiles } from './use-task-files';
import { useToolbarCommand } from './use-toolbar-command';
import { hasActiveDownloads, hasActiveUploads, useTransfers } from './use-transfers';

function savedIds(attachments: readonly Attachment[], saved: readonly SavedView[]): Set<string> {
  const byId = new Map(saved.map((entry) => [entry.attachmentId, entry]));
  return new Set(
    attachments
      .filter((attachment) => savedUnchanged(attachment, byId.get(attachment.id)))
      .map((attachment) => attachment.id),
  );
}

/** What the toolbar says after a click on a download button, beside the live status. */
function startedNotice({ count, skipped, underWay }: DownloadsStarted): string {
  return [
    count === 0 && underWay === 0 ? t('toolbarNothingNew') : '',
    underWay > 0 ? tCount('toolbarUnderWay', underWay) : '',
    skipped > 0 ? t('toolbarAlreadySaved', String(skipped)) : '',
  ]
    .filter(Boolean)
    .join(' ');
}

/**
 * The in-page toolbar of a task: its files, and saving all, the new, or the picked ones. A project page that lists
 * tasks (`list`) also offers their files.
 */
export function Toolbar({ task, list }: { task: TaskRef; list?: TaskListRef }) {
  const { files, reload } = useTaskFiles(task);
  const transfers = useTransfers(task);
  const { attach, notice: attachNotice, busy: attaching } = useAttach(task);
  const section = useRef<HTMLElement>(null);
  const filesView = useRef<HTMLDivElement>(null);
  const [comment, setComment] = useState('');
  const [dragging, setDragging] = useState(false);
  const uploading = hasActiveUploads(transfers);
  const wasUploading = useRef(false);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [filter, setFilter] = useState('');
  const [expanded, setExpanded] = useState(true);
  const [notice, setNotice] = useState('');
  const paste = usePastedFiles();

  const attachments = files.phase === 'ready' ? files.list.attachments : [];
  const saved = useMemo(() => savedIds(attachments, transfers.saved), [attachments, transfers.saved]);
  const byAttachment = useMemo(
    () => new Map(transfers.downloads.map((transfer) => [transfer.attachmentId ?? '', transfer])),
    [transfers.downloads],
  );
  const visible = attachments.filter((attachment) => matchesFilter(attachment, filter));
  const rows = useRowsOnScroll(visible.length, filter);
  const newCount = attachments.filter((attachment) => !saved.has(attachment.id)).length;
  const busy = hasActiveDownloads(transfers);

  // When a batch of attachments is through, the task's list shows the new files.
  useEffect(() => {
    if (wasUploading.current && !uploading) reload();
    wasUploading.current = uploading;
  }, [uploading, reload]);

  const sendFiles = async (picked: readonly File[]): Promise<boolean> =>
    section.current ? attach(section.current, picked, comment) : false;
  const dragHasFiles = (event: DragEvent): boolean => event.dataTransfer?.types.includes('Files') ?? false;

  const run = async (which: 'all' | 'new' | string[], zip?: boolean): Promise<void> => {
    setNotice('');
    const result = await send('startDownloads', { task, which, zip });
    setNotice(result.ok ? startedNotice(result.value) : errorText(result.error));
  };
  /** The ticked files, or all: the task picker opens in a tab of its own to name where they go. */
  const copyToTask = async (): Promise<void> => {
    setNotice('');
    const result = await send('beginCopy', { task, which: selected.size > 0 ? [...selected] : 'all' });
    setNotice(result.ok ? t('toolbarCopyPick') : errorText(result.error));
  };
  // The same functions from one drawing to the next: a file's row is drawn again only when what it shows changed.
  const toggle = useCallback((id: string): void => {
    setSelected((before) => {
      const next = new Set(before);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }, []);
  const cancel = useCallback((jobId?: string): void => void send('cancelTransfers', { task, jobId }), [task]);
  const retry = useCallback((jobId: string): void => void send('retryTransfer', { task, jobId }), [task]);
  const attachPasted = (): void => void paste.send(sendFiles);

  // The browser's shortcuts (manifest `commands`). Opening the file chooser needs a key pressed in the page itself,
  // which a shortcut the browser takes is not: the Attach files button gets the focus, for Enter (or Ctrl+V).
  useToolbarCommand((command) => {
    if (command === 'download-all') {
      if (attachments.length > 0) void run('all');
      return;
    }
    section.current?.querySelector<HTMLButtonElement>('.attach__pick')?.focus();
    setNotice(t('commandAttachHint'));
  });

  const status =
    files.phase === 'loading'
      ? t('toolbarLoading')
      : files.phase === 'failed'
        ? errorText(files.error)
        : [statusText(files.list, transfers, saved.size), notice].filter(Boolean).join(' ');
  const needsSettings =
    files.phase === 'failed' && ['auth', 'not-configured', 'wrong-server'].includes(files.error.kind);

  return (
    <section
      ref={section}
      class={`toolbar${dragging ? ' toolbar--drop' : ''}`}
      aria-label={t('toolbarTitle')}
      lang={t('htmlLang')}
      data-phase={files.phase}
      // Focusable, so that a click anywhere on it makes it the target of Ctrl+V.
      tabIndex={-1}
      onPaste={trusted((event: ClipboardEvent) => {
        if (files.phase === 'ready') paste.take(event);
      })}
      onDragOver={(event) => {
        if (!event.isTrusted || !dragHasFiles(event) || files.phase !== 'ready') return;
        event.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={(event) => {
        if (!event.isTrusted || !event.dataTransfer || files.phase !== 'ready') return;
        event.preventDefault();
        setDragging(false);
        // Never rejects: what could not be read is counted, and the attach notice says so.
        void droppedFiles(event.dataTransfer).then(({ files: dropped, unreadable }) => {
          if (section.current) void attach(section.current, dropped, comment, unreadable);
        });
      }}
    >
      <header class="toolbar__head">
        <strong class="toolbar__title">{t('toolbarTitle')}</strong>
        <span role="status" class={`toolbar__status toolbar__status--${files.phase}`}>
          {status}
        </span>
        {attachments.length > 0 && (
          <button type="button" class="link" aria-expanded={expanded} onClick={trusted(() => setExpanded(!expanded))}>
            {expanded ? t('toolbarHideFiles') : t('toolbarShowFiles')}
          </button>
        )}
      </header>
      {needsSettings && (
        <div class="toolbar__actions">
          <button type="button" onClick={trusted(() => void send('openSettings', task.tracker))}>
            {t('toolbarOpenSettings', trackerOf(task.tracker).label)}
          </button>
        </div>
      )}
      {attachments.length > 0 && (
        <div class="toolbar__actions">
          <button type="button" class="primary" onClick={trusted(() => void run('all'))}>
            {t('toolbarDownloadAll', String(attachments.length))}
          </button>
          {saved.size > 0 && newCount > 0 && (
            <button type="button" onClick={trusted(() => void run('new'))}>
              {t('toolbarDownloadNew', String(newCount))}
            </button>
          )}
          <button type="button" disabled={selected.size === 0} onClick={trusted(() => void run([...selected]))}>
            {t('toolbarDownloadSelected', String(selected.size))}
          </button>
          <button type="button" onClick={trusted(() => void run(selected.size > 0 ? [...selected] : 'all', true))}>
            {t('toolbarDownloadZip')}
          </button>
          <button type="button" onClick={trusted(() => void copyToTask())}>
            {t('toolbarCopyToTask')}
          </button>
          {busy && (
            <button type="button" onClick={trusted(() => cancel())}>
              {t('toolbarCancelAll')}
            </button>
          )}
        </div>
      )}
      {list && <TaskListPanel list={list} />}
      {files.phase === 'ready' && (
        <AttachPanel
          task={task}
          uploads={transfers.uploads}
          busy={attaching}
          notice={attachNotice}
          comment={comment}
          onComment={setComment}
          onPick={sendFiles}
          onRetry={retry}
          onCancel={cancel}
        />
      )}
      {/* Kept while the task's files are read again (after a batch is attached): a name may be half typed. */}
      <PastedFiles
        pasted={paste.pasted}
        busy={attaching}
        onRename={paste.rename}
        onRemove={paste.remove}
        onAttach={attachPasted}
      />
      {attachments.length > 0 && expanded && (
        <div class="toolbar__body" ref={filesView}>
          <input
            type="search"
            class="toolbar__filter"
            aria-label={t('toolbarFilter')}
            placeholder={t('toolbarFilter')}
            value={filter}
            onInput={trusted((event) => setFilter(event.currentTarget.value))}
          />
          <FileGroups
            attachments={visible.slice(0, rows.drawn)}
            selected={selected}
            onToggle={toggle}
            saved={saved}
            transfers={byAttachment}
            onRetry={retry}
            onCancel={cancel}
          />
          {rows.drawn < visible.length && (
            <MoreRows drawn={rows.drawn} total={visible.length} onMore={rows.more} scrollRoot={filesView} />
          )}
        </div>
      )}
    </section>
  );
}
