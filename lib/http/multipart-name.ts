const escapes: Record<string, string> = { '\n': '%0A', '\r': '%0D', '"': '%22' };

/**
 * A file's name as a FormData body carries it: the multipart/form-data encoding writes LF as `%0A`, CR as `%0D` and
 * `"` as `%22`, and escapes nothing else, not even `%`
 * (https://html.spec.whatwg.org/multipage/form-control-infrastructure.html#multipart/form-data-encoding-algorithm).
 * Multipart servers keep the name as it came (busboy, PHP; andreubotella/multipart-form-data#1: "every
 * implementation leaves those escapes ... as is"), so a tracker lists `a "b".pdf` as `a %22b%22.pdf`.
 */
export function multipartFileName(name: string): string {
  return name.replace(/[\n\r"]/g, (char) => escapes[char] ?? char);
}

/** Whether a name a tracker lists is the one a FormData upload of `sent` left: as encoded, or decoded by the server. */
export function isMultipartName(listed: string, sent: string): boolean {
  return listed === sent || listed === multipartFileName(sent);
}
