import { groupByPlace } from '../../lib/downloads/groups';
import { t } from '../../lib/i18n/t';
import type { TransferView } from '../../lib/jobs/transfer-view';
import type { Attachment } from '../../lib/trackers/types';
import { FileRow } from './FileRow';

interface Props {
  attachments: readonly Attachment[];
  selected: ReadonlySet<string>;
  onToggle: (id: string) => void;
  saved: ReadonlySet<string>;
  transfers: ReadonlyMap<string, TransferView>;
  onRetry: (jobId: string) => void;
  onCancel: (jobId: string) => void;
}

function groupTitle(place: Attachment['place'], date: string | undefined): string {
  switch (place.kind) {
    case 'task':
      return t('toolbarGroupTask');
    case 'project':
      return t('toolbarGroupProject');
    case 'field':
      return t('toolbarGroupField', place.field);
    case 'comment': {
      const when = date ? new Date(date).toLocaleString() : '';
      return `${t('toolbarGroupComment', place.author ?? '—')}${when ? `, ${when}` : ''}`;
    }
  }
}

/** The task's files grouped by where they sit, each with its checkbox and transfer state. */
export function FileGroups({ attachments, selected, onToggle, saved, transfers, onRetry, onCancel }: Props) {
  return (
    <div class="groups">
      {groupByPlace(attachments).map((group) => (
        <fieldset class="group" key={group.key}>
          <legend class="group__title">{groupTitle(group.place, group.date)}</legend>
          <ul class="files">
            {group.attachments.map((attachment) => (
              <FileRow
                key={attachment.id}
                attachment={attachment}
                checked={selected.has(attachment.id)}
                onToggle={onToggle}
                savedBefore={saved.has(attachment.id)}
                transfer={transfers.get(attachment.id)}
                onRetry={onRetry}
                onCancel={onCancel}
              />
            ))}
          </ul>
        </fieldset>
      ))}
    </div>
  );
}
