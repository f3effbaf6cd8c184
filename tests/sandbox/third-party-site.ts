import { createHash } from 'node:crypto';
import type { Content } from './content';
import { type Ctx, contentDisposition } from './context';

/**
 * A web page on someone else's site (not a tracker) for "Attach to task": a public file behind a link, an image
 * only the page's own session may see (a cookie set by the page), and an image inline as a data: URL.
 */
export const thirdPartySite = {
  host: 'files.example.org',
  pageUrl: 'https://files.example.org/article.html',
  publicFile: {
    path: '/public/manual.pdf',
    name: 'Руководство пользователя.pdf',
    seed: 'third-party-manual',
    size: 150_000,
  },
  privateImage: { path: '/private/photo.png', name: 'photo.png', seed: 'third-party-photo', size: 40_000 },
  /** A valid 1x1 PNG. */
  inlinePng: Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
    'base64',
  ),
  cookie: 'session=reader-7f3a',
};

export function sha256Of(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function page(): string {
  const { publicFile, privateImage, inlinePng } = thirdPartySite;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>An article with files</title></head>
<body><h1>An article with files</h1>
<p><a id="public" href="${publicFile.path}">The manual</a></p>
<p><img id="private" alt="Private photo" src="${privateImage.path}"></p>
<p><img id="inline" alt="Inline image" src="data:image/png;base64,${inlinePng.toString('base64')}"></p>
</body></html>`;
}

/** Serves the page; the private image answers 403 without the cookie the page sets. */
export async function serveThirdPartySite(ctx: Ctx): Promise<void> {
  const { publicFile, privateImage, cookie } = thirdPartySite;
  const path = ctx.url.pathname;
  if (path === '/article.html') {
    return ctx.send(200, page(), {
      'content-type': 'text/html; charset=utf-8',
      'set-cookie': `${cookie}; Path=/; Secure; HttpOnly; SameSite=Lax`,
    });
  }
  if (path === publicFile.path) {
    const content: Content = { kind: 'generated', seed: publicFile.seed, size: publicFile.size };
    return ctx.sendContent(200, content, {
      'content-type': 'application/pdf',
      'content-disposition': contentDisposition(publicFile.name),
    });
  }
  if (path === privateImage.path) {
    if (!(ctx.header('cookie') ?? '').split(/;\s*/).includes(cookie)) return ctx.send(403, 'Sign in first');
    const content: Content = { kind: 'generated', seed: privateImage.seed, size: privateImage.size };
    return ctx.sendContent(200, content, { 'content-type': 'image/png' });
  }
  ctx.send(404, 'Not found', { 'content-type': 'text/plain' });
}
