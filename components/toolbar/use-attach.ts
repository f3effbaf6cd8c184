import { useState } from 'preact/hooks';
import * as v from 'valibot';
import { handOffFiles } from '../../lib/content/hand-off';
import type { SerializedError } from '../../lib/errors';
import { errorText } from '../../lib/i18n/error-text';
import { t } from '../../lib/i18n/t';
import { FileAnnouncementSchema } from '../../lib/messages/file-announcement';
import { maxFilesPerAttach } from '../../lib/messages/routes';
import { send } from '../../lib/messages/send';
import type { TaskRef } from '../../lib/trackers/registry';
import type { HandoffReply } from '../../lib/uploads/handoff-protocol';

function refusalText(error: SerializedError): string {
  // A refusal for one file names it: the user needs to know which one is over the limit.
  return error.kind === 'too-large' && error.details.detail
    ? t('attachFileTooLarge', error.details.detail, errorText(error))
    : errorText(error);
}

/**
 * What the worker's check of the message would refuse, said here first: its refusal of a message's shape reaches
 * the page only as an internal error, naming no file.
 */
function announcementProblem(files: readonly File[]): string | undefined {
  if (files.length > maxFilesPerAttach) return t('attachTooMany', String(maxFilesPerAttach));
  const badName = files.find((file) => !v.is(FileAnnouncementSchema.entries.name, file.name));
  // Control characters shown as `?`: a name's `\r` would not show at all.
  if (badName) return t('attachBadName', badName.name.replace(/\p{Cc}/gu, '?'));
  return undefined;
}

function handOffText(reply: HandoffReply): string {
  if (reply.ok) return t('attachQueued', String(reply.count));
  // The worker could not store the files (no room left): say why. Anything else failed on the way to it.
  return reply.error.kind === 'quota' || reply.error.kind === 'disk'
    ? errorText(reply.error)
    : t('attachHandOffFailed');
}

/** Attaching files: announce them to the worker, then hand the bytes over through the bridge frame. */
export function useAttach(task: TaskRef) {
  const [notice, setNotice] = useState('');
  const [busy, setBusy] = useState(false);

  /**
   * `unreadable`: how many files or folders of a drop could not be read (those read are attached all the same).
   * Resolves to whether the files were queued: files refused or not handed over are still the caller's to keep.
   */
  const attach = async (
    frameHost: Element,
    files: readonly File[],
    comment: string,
    unreadable = 0,
  ): Promise<boolean> => {
    const say = (text: string): void =>
      setNotice(unreadable > 0 ? `${text} ${t('attachUnreadable', String(unreadable))}` : text);
    if (files.length === 0) {
      setNotice(t(unreadable > 0 ? 'attachNoneReadable' : 'attachNothingToAttach'));
      return false;
    }
    const problem = announcementProblem(files);
    if (problem) {
      say(problem);
      return false;
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
        say(refusalText(announced.error));
        return false;
      }
      const handedOff = await handOffFiles(frameHost, announced.value.token, files);
      say(handOffText(handedOff));
      return handedOff.ok;
    } catch {
      say(t('attachHandOffFailed'));
      return false;
    } finally {
      setBusy(false);
    }
  };

  return { attach, notice, busy };
}
