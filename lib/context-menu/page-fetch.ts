import * as v from 'valibot';

export const PageFetchResultSchema = v.union([
  v.strictObject({
    dataUrl: v.pipe(v.string(), v.startsWith('data:')),
    disposition: v.nullable(v.string()),
    type: v.string(),
  }),
  v.strictObject({ error: v.string() }),
]);

/**
 * Runs inside the page (chrome.scripting): fetches with the page's own session and hands the bytes back as a data
 * URL, the one shape a script result can carry. Must stay self-contained: it is serialised into the page. In a frame,
 * only while it still shows `frameUrl` (the tab's address says nothing of its frames).
 */
export async function fetchInPage(
  url: string,
  maxBytes: number,
  credentials: RequestCredentials,
  frameUrl: string | null = null,
): Promise<{ dataUrl: string; disposition: string | null; type: string } | { error: string }> {
  if (frameUrl !== null && location.href.split('#')[0] !== frameUrl.split('#')[0]) return { error: 'page-changed' };
  try {
    // No redirect is followed: only the extension can check where one leads (not to the user's own network), and the
    // page's cookies must not go along to another site. The extension fetches a link of the page that redirects.
    const response = await fetch(url, { credentials, redirect: 'manual' });
    if (response.type === 'opaqueredirect') return { error: 'redirected' };
    if (!response.ok) return { error: `HTTP ${response.status}` };
    if (Number(response.headers.get('content-length') ?? 0) > maxBytes) {
      await response.body?.cancel();
      return { error: 'too-large' };
    }
    // Counted while read: Content-Length may be missing, or the compressed size.
    const pieces: Uint8Array<ArrayBuffer>[] = [];
    const body = response.body?.getReader();
    let size = 0;
    for (let chunk = await body?.read(); chunk && !chunk.done; chunk = await body?.read()) {
      size += chunk.value.byteLength;
      if (size > maxBytes) {
        await body?.cancel();
        return { error: 'too-large' };
      }
      pieces.push(chunk.value);
    }
    const blob = new Blob(pieces, { type: response.headers.get('content-type') ?? '' });
    const dataUrl = await new Promise<string>((resolve, reject) => {
      const reader = new FileReader();
      reader.onload = () => resolve(String(reader.result));
      reader.onerror = () => reject(reader.error);
      reader.readAsDataURL(blob);
    });
    return { dataUrl, disposition: response.headers.get('content-disposition'), type: blob.type };
  } catch (error) {
    return { error: String(error) };
  }
}
