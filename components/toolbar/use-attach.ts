import { useState } from 'preact/hooks';
import { handOffFiles } from '../../lib/content/hand-off';
import type { SerializedError } from '../../lib/errors';
import { errorText } from '../../lib/i18n/error-text';
import { t } from '../../lib/i18n/t';
import { send } from '../../lib/messages/send';
import type { TaskRef } from '../../lib/trackers/registry';

function refusalText(error: SerializedError): string {
  // A refusal for one file names it: the user needs to know which one is over the limit.
  return error.kind === 'too-large' && error.details.detail
    ? t('attachFileTooLarge', error.details.detail, errorText(error))
    : errorText(error);
}

/** Attaching files: announce them to the worker, then hand the bytes over through the bridge frame. */
export function useAttach(task: TaskRef) {
  const [notice, setNotice] = useState('');
  const [busy, setBusy] = useState(false);

  const attach = async (frameHost: Element, files: readonly File[], comment: string): Promise<void> => {
    if (files.length === 0) {
      setNotice(t('attachNothingToAttach'));
      return;
    }
    setBusy(true);
    setNotice('');
    try {
      const announced = await send('beginUpload', {
        task,
        files: files.map((file) => ({ name: file.name, size: file.size, type: file.type })),
        comment: comment.trim() || undefined,
      });
      if (!announced.ok) {
        setNotice(refusalText(announced.error));
        return;
      }
      const reply = await handOffFiles(frameHost, announced.value.token, files);
      setNotice(reply.ok ? t('attachQueued', String(reply.count)) : t('attachHandOffFailed'));
    } catch {
      setNotice(t('attachHandOffFailed'));
    } finally {
      setBusy(false);
    }
  };

  return { attach, notice, busy };
}
