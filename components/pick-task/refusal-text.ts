import { formatBytes, shownName } from '../../lib/format';
import { t } from '../../lib/i18n/t';
import type { CopyRefusal } from '../../lib/messages/copy-outcome';
import { longestName } from '../../lib/messages/file-name-rules';

/** Why the target would not take one file, in the user's language. */
export function refusalText({ name, reason, limitBytes }: CopyRefusal): string {
  const shown = shownName(name);
  switch (reason) {
    case 'too-large':
      return t('copyTooLarge', shown, formatBytes(limitBytes ?? 0));
    case 'name-blank':
      return t('copyNameBlank', shown);
    case 'name-path':
      return t('copyNamePath', shown);
    case 'name-control':
      return t('copyNameControl', shown);
    case 'name-long':
      return t('copyNameLong', shown, String(longestName));
  }
}
