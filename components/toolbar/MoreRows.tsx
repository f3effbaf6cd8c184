import type { RefObject } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { t } from '../../lib/i18n/t';
import { trusted } from './trusted';

interface Props {
  drawn: number;
  total: number;
  onMore: () => void;
  /** What the rows scroll in: near its end, not the window's, is when more rows are needed. */
  scrollRoot: RefObject<HTMLElement | null>;
}

/**
 * The end of a list drawn in parts (useRowsOnScroll): it draws more rows as it comes near the view while scrolling,
 * and is a button for the keyboard and assistive technology.
 */
export function MoreRows({ drawn, total, onMore, scrollRoot }: Props) {
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const element = button.current;
    if (!element) return;
    const observer = new IntersectionObserver((entries) => entries.some((entry) => entry.isIntersecting) && onMore(), {
      root: scrollRoot.current,
      rootMargin: '0px 0px 300px 0px',
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [onMore, scrollRoot]);
  return (
    <button ref={button} type="button" class="link files__more" onClick={trusted(onMore)}>
      {t('toolbarMoreFiles', String(drawn), String(total))}
    </button>
  );
}
