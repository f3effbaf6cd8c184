import { t } from '../../lib/i18n/t';

/** What the browser names an image pasted from the clipboard (Chromium and Firefox: `image.png`). */
const clipboardImageName = /^image\.[a-z0-9]+$/i;

function twoDigits(value: number): string {
  return String(value).padStart(2, '0');
}

/** `2026-12-01 14-30-05`: the local date and time, with no character a file system refuses. */
export function fileStamp(now: Date): string {
  const date = `${now.getFullYear()}-${twoDigits(now.getMonth() + 1)}-${twoDigits(now.getDate())}`;
  return `${date} ${twoDigits(now.getHours())}-${twoDigits(now.getMinutes())}-${twoDigits(now.getSeconds())}`;
}

/**
 * The name a pasted file is offered under: an image from the clipboard, which has no name of its own, is named by
 * the date and time of the paste; a file copied in the file manager keeps its name.
 */
export function pastedName(file: Pick<File, 'name' | 'type'>, now: Date): string {
  if (!file.type.startsWith('image/') || !(clipboardImageName.test(file.name) || file.name === '')) return file.name;
  const extension = /\.([a-z0-9]+)$/i.exec(file.name)?.[1] ?? file.type.slice('image/'.length).replace(/\W.*$/, '');
  return `${t('pastedImageName', fileStamp(now))}.${extension.toLowerCase() || 'png'}`;
}
