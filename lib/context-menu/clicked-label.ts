import { shownName } from '../format';
import { resourceName } from './resource-name';

/** The media type a data: URL declares (`data:image/png;base64,…` gives image/png). */
function declaredType(dataUrl: string): string {
  return /^data:([^;,]*)/i.exec(dataUrl)?.[1] ?? '';
}

/**
 * What a notice calls the clicked thing before (or without) its file. A data: URL is the file itself, maybe megabytes
 * of base64: it goes by the name its file would get. Any other address is cut when long, leaving room for the reason
 * (a blob: one keeps the site that made it, which its file name would not tell).
 */
export function clickedLabel(url: string): string {
  return /^data:/i.test(url) ? resourceName(url, null, declaredType(url)) : shownName(url);
}
