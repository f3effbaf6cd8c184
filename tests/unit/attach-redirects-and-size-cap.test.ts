import { createServer } from 'node:http';
import { connect } from 'node:net';
import { Agent, setGlobalDispatcher } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { fetchResource, type PageFetcher } from '../../lib/context-menu/fetch-resource';
import { fetchInPage } from '../../lib/context-menu/page-fetch';
import { t } from '../../lib/i18n/t';

/** What each request asked for, by host: every hostname reaches the one local server below. */
const hits: { host?: string; path?: string }[] = [];
/** Bytes of the endless file handed to the socket so far. */
let bigSent = 0;

const server = createServer((req, res) => {
  hits.push({ host: req.headers.host, path: req.url });
  const redirect = (location: string) => res.writeHead(302, { location }).end();
  if (req.url === '/to-private') return redirect('http://192.168.1.1/router-backup.cfg');
  if (req.url === '/to-cdn') return redirect('http://cdn.example.net/file.pdf');
  if (req.url === '/router-backup.cfg') return res.writeHead(200, { 'content-type': 'text/plain' }).end('admin:secret');
  if (req.url === '/file.pdf') return res.writeHead(200, { 'content-type': 'application/pdf' }).end('%PDF-1.7');
  if (req.url === '/big') {
    // Chunked: no Content-Length to refuse it by. 40 MiB, written only as fast as it is read.
    res.writeHead(200, { 'content-type': 'application/octet-stream' });
    const chunk = Buffer.alloc(1024 * 1024, 1);
    const pump = () => {
      while (bigSent < 40 * chunk.length && !res.destroyed) {
        bigSent += chunk.length;
        if (!res.write(chunk)) return res.once('drain', pump);
      }
      res.end();
    };
    return pump();
  }
  res.writeHead(404).end();
});

/** A data: URL reader for Node, which has no FileReader; the page's own is used in the browser. */
class NodeFileReader {
  result: string | null = null;
  error: Error | null = null;
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  readAsDataURL(blob: Blob) {
    void blob.arrayBuffer().then((bytes) => {
      this.result = `data:${blob.type};base64,${Buffer.from(bytes).toString('base64')}`;
      this.onload?.();
    });
  }
}

const realFetch = globalThis.fetch;
const requests: { url: string; credentials?: RequestCredentials; redirect?: RequestRedirect }[] = [];

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  setGlobalDispatcher(
    new Agent({
      connect: (_options, callback) => {
        const socket = connect(port, '127.0.0.1');
        socket.once('connect', () => callback(null, socket));
        socket.once('error', (error) => callback(error, null));
      },
    }),
  );
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  hits.length = 0;
  requests.length = 0;
  bigSent = 0;
  vi.stubGlobal('FileReader', NodeFileReader);
  vi.stubGlobal('fetch', (input: string, init?: RequestInit) => {
    requests.push({ url: String(input), credentials: init?.credentials, redirect: init?.redirect });
    return realFetch(input, init);
  });
  return () => vi.unstubAllGlobals();
});

const privateAddress = { kind: 'source', details: { detail: t('menuPrivateAddress') } };

function pageFetcher(answer: Awaited<ReturnType<PageFetcher>> = { error: 'HTTP 403' }) {
  return vi.fn<PageFetcher>(async () => answer);
}

describe('Attach to task and redirects', () => {
  it("refuses a public link that redirects to the user's own network, without asking the page", async () => {
    const fetcher = pageFetcher();
    const source = { url: 'http://files.example.org/to-private', pageUrl: 'https://news.example.org/post' };
    await expect(fetchResource(source, 'pyrus', 1 << 20, fetcher)).rejects.toMatchObject(privateAddress);
    expect(fetcher).not.toHaveBeenCalled();
  });

  it('lets no request with cookies redirect: a link of the page’s site that redirects is asked again without them', async () => {
    const source = { url: 'http://files.news.example.org/to-cdn', pageUrl: 'http://news.example.org/post' };
    const fetched = await fetchResource(source, 'pyrus', 1 << 20, pageFetcher());
    expect(await fetched.blob.text()).toBe('%PDF-1.7');
    expect(requests).toEqual([
      { url: source.url, credentials: 'include', redirect: 'error' },
      { url: source.url, credentials: 'omit', redirect: undefined },
    ]);
    expect(hits.map((hit) => hit.host)).toEqual([
      'files.news.example.org',
      'files.news.example.org',
      'cdn.example.net',
    ]);
  });

  it('fetches a page’s own link that redirects itself, without cookies, and checks where it ends', async () => {
    const fetcher = pageFetcher({ error: 'redirected' });
    const source = { url: 'http://news.example.org/to-cdn', pageUrl: 'http://news.example.org/post', tabId: 7 };
    const fetched = await fetchResource(source, 'pyrus', 1 << 20, fetcher);
    expect(await fetched.blob.text()).toBe('%PDF-1.7');
    expect(requests).toEqual([{ url: source.url, credentials: 'omit', redirect: undefined }]);
    const toPrivate = { ...source, url: 'http://news.example.org/to-private' };
    await expect(fetchResource(toPrivate, 'pyrus', 1 << 20, fetcher)).rejects.toMatchObject(privateAddress);
  });

  it('follows no redirect inside the page, where nothing can check where it leads', async () => {
    const result = await fetchInPage('http://files.example.org/to-private', 1 << 20, 'include');
    expect(result).toHaveProperty('error');
    expect(hits.map((hit) => hit.host)).toEqual(['files.example.org']);
  });
});

describe('Attach to task and the size limit', () => {
  it('stops reading a file without Content-Length as soon as it passes the limit', async () => {
    const fetcher = pageFetcher();
    const source = { url: 'http://files.example.org/big', pageUrl: 'https://news.example.org/post' };
    await expect(fetchResource(source, 'pyrus', 1 << 20, fetcher)).rejects.toMatchObject({ kind: 'too-large' });
    expect(bigSent).toBeLessThan(16 << 20);
    expect(fetcher).not.toHaveBeenCalled();
  });

  it('stops reading inside the page too', async () => {
    expect(await fetchInPage('http://files.example.org/big', 1 << 20, 'omit')).toEqual({ error: 'too-large' });
    expect(bigSent).toBeLessThan(16 << 20);
  });

  it('hands a file under the limit back from the page whole', async () => {
    expect(await fetchInPage('http://cdn.example.net/file.pdf', 1 << 20, 'omit')).toEqual({
      dataUrl: `data:application/pdf;base64,${Buffer.from('%PDF-1.7').toString('base64')}`,
      disposition: null,
      type: 'application/pdf',
    });
  });
});
