import { useLayoutEffect, useRef } from 'preact/hooks';
import { formatBytes } from '../../lib/format';
import { t } from '../../lib/i18n/t';
import { trusted } from './trusted';
import type { PastedFile } from './use-pasted-files';

interface Props {
  pasted: readonly PastedFile[];
  busy: boolean;
  onRename: (id: number, name: string) => void;
  onRemove: (id: number) => void;
  onAttach: () => void;
}

/** Files pasted into the toolbar, each with a name that can be changed before they are attached. */
export function PastedFiles({ pasted, busy, onRename, onRemove, onAttach }: Props) {
  const list = useRef<HTMLUListElement>(null);
  // After Remove the focus goes to the row now at the removed one's place (or the one before it), and to the
  // toolbar's Attach files button once none is left, rather than to the page's body.
  const refocus = useRef<{ index: number; scope: ParentNode } | null>(null);
  useLayoutEffect(() => {
    const target = refocus.current;
    if (!target) return;
    refocus.current = null;
    const names = list.current?.querySelectorAll<HTMLInputElement>('.pasted__name') ?? [];
    const next = names.length > 0 ? names[Math.min(target.index, names.length - 1)] : undefined;
    (next ?? target.scope.querySelector<HTMLButtonElement>('.attach__pick'))?.focus();
  }, [pasted]);

  if (pasted.length === 0) return null;
  return (
    <div class="pasted">
      <ul class="files" aria-label={t('pastedFilesTitle')} ref={list}>
        {pasted.map((entry, index) => (
          <li class="file" key={entry.id}>
            <input
              type="text"
              class="pasted__name"
              aria-label={t('pastedFileName', String(index + 1))}
              value={entry.name}
              onInput={trusted((event) => onRename(entry.id, event.currentTarget.value))}
              onKeyDown={trusted((event) => {
                if (event.key === 'Enter' && !busy) onAttach();
              })}
            />
            <span class="file__size">{formatBytes(entry.file.size)}</span>
            <button
              type="button"
              class="link"
              aria-label={`${t('pastedRemove')}: ${entry.name}`}
              onClick={trusted((event) => {
                const button = event.currentTarget as HTMLElement;
                refocus.current = { index, scope: button.closest('section') ?? (button.getRootNode() as ParentNode) };
                onRemove(entry.id);
              })}
            >
              {t('pastedRemove')}
            </button>
          </li>
        ))}
      </ul>
      <div class="toolbar__actions">
        <button type="button" class="primary" disabled={busy} onClick={trusted(onAttach)}>
          {t('pastedAttach', String(pasted.length))}
        </button>
      </div>
    </div>
  );
}
