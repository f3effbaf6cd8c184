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
 * URL, the one shape a script result can carry. Must stay self-contained: it is serialised into the page.
 */
export async function fetchInPage(
  url: string,
  maxBytes: number,
  credentials: RequestCredentials,
): Promise<{ dataUrl: string; disposition: string | null; type: string } | { error: string }> {
  try {
    const response = await fetch(url, { credentials });
    if (!response.ok) return { error: `HTTP ${response.status}` };
    if (Number(response.headers.get('content-length') ?? 0) > maxBytes) {
      await response.body?.cancel();
      return { error: 'too-large' };
    }
    const blob = await response.blob();
    if (blob.size > maxBytes) return { error: 'too-large' };
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
