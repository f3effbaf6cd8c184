import { useRef } from 'preact/hooks';
import { t } from '../../lib/i18n/t';
import type { TransferView } from '../../lib/jobs/transfer-view';
import { type TaskRef, trackerOf } from '../../lib/trackers/registry';
import { trusted } from './trusted';
import { UploadRow } from './UploadRow';

interface Props {
  task: TaskRef;
  uploads: readonly TransferView[];
  busy: boolean;
  notice: string;
  comment: string;
  onComment: (text: string) => void;
  onPick: (files: File[]) => void;
  onRetry: (jobId: string) => void;
  onCancel: (jobId: string) => void;
}

/** Attach files: a picker, the comment to send with them, and every file's way into the task. */
export function AttachPanel({ task, uploads, busy, notice, comment, onComment, onPick, onRetry, onCancel }: Props) {
  const picker = useRef<HTMLInputElement>(null);
  return (
    <div class="attach">
      <div class="toolbar__actions">
        <button type="button" class="attach__pick" disabled={busy} onClick={trusted(() => picker.current?.click())}>
          {t('attachFiles')}
        </button>
        <input
          ref={picker}
          type="file"
          multiple
          hidden
          onChange={trusted((event) => {
            const input = event.currentTarget;
            onPick([...(input.files ?? [])]);
            input.value = '';
          })}
        />
        {trackerOf(task.tracker).capabilities.attachesThroughComment && (
          <input
            type="text"
            class="attach__comment"
            aria-label={t('attachComment')}
            placeholder={t('attachComment')}
            value={comment}
            onInput={trusted((event) => onComment(event.currentTarget.value))}
          />
        )}
      </div>
      <p class="attach__hint">{t('attachDropHere')}</p>
      {notice && (
        <p class="attach__notice" role="alert">
          {notice}
        </p>
      )}
      {uploads.length > 0 && (
        <ul class="files" aria-label={t('attachFiles')}>
          {uploads.map((upload) => (
            <UploadRow key={upload.id} upload={upload} onRetry={onRetry} onCancel={onCancel} />
          ))}
        </ul>
      )}
    </div>
  );
}
