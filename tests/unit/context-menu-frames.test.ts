import * as v from 'valibot';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { handleMenuClick, type MenuClickDeps, menuItemId, PendingAttachSchema } from '../../lib/context-menu/click';
import type { TaskChoice } from '../../lib/context-menu/menu-model';
import { fetchInPage } from '../../lib/context-menu/page-fetch';
import { t } from '../../lib/i18n/t';
import { taskKey } from '../../lib/trackers/task-key';
import { thirdPartySite } from '../sandbox/third-party-site';
import { recordingMenuDeps } from '../support/menu-click-deps';
import { useSandbox } from '../support/use-sandbox';

/**
 * "Attach to task" used on an image, link or media inside a frame of the page: the resource is fetched by a script in
 * that frame (its blob: URLs and its session are not the top page's), judged by the frame's address, and where the
 * browser keeps the extension out of the frame (another site's frame: activeTab reaches the top page's origin), the
 * extension fetches a public address itself or says what to do instead.
 */

const pyrusTask: TaskChoice = {
  task: { tracker: 'pyrus', kind: 'task', id: '1001', host: 'pyrus.com' },
  title: 'Договор',
  url: 'https://pyrus.com/t#id1001',
};
const pageUrl = 'https://news.example.com/post';
// A frame of another site than the page's, served by the sandbox's third-party site.
const embed = `https://${thirdPartySite.host}`;
const frameUrl = `${embed}/player?id=7`;
const publicFile = `${embed}${thirdPartySite.publicFile.path}`;
const privateImage = `${embed}${thirdPartySite.privateImage.path}`;
const frameId = 42;
const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
const pngDataUrl = `data:image/png;base64,${png.toString('base64')}`;
// What Chromium 156 answers for a frame of a host the extension lacks (tests/e2e/context-menu.spec.ts sees it).
const refusal =
  'Cannot access contents of the page. Extension manifest must request permission to access the respective host.';

useSandbox();

let notices: string[];
let queued: { name: string; size: number }[];
/** The extension's own requests (to the sandbox), other than decoding data: URLs. */
let requests: () => { url: string; credentials?: RequestCredentials }[];

function deps(over: Partial<MenuClickDeps> = {}): MenuClickDeps {
  return recordingMenuDeps(
    pyrusTask,
    (plan) => queued.push(...plan.files.map(({ name, size }) => ({ name, size }))),
    notices,
    over,
  );
}

beforeEach(() => {
  fakeBrowser.reset();
  notices = [];
  queued = [];
  const fetches = vi.spyOn(globalThis, 'fetch');
  requests = () =>
    fetches.mock.calls
      .filter(([input]) => !String(input).startsWith('data:'))
      .map(([input, init]) => ({ url: String(input), credentials: init?.credentials }));
});

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

/** The script in the page fetched the image. */
function pageAnswers(inFrame = frameId) {
  const result = { dataUrl: pngDataUrl, disposition: null, type: 'image/png' };
  return vi
    .spyOn(fakeBrowser.scripting, 'executeScript')
    .mockResolvedValue([{ frameId: inFrame, documentId: 'd', result }]);
}

async function clickIn(info: { srcUrl: string; frameId?: number; frameUrl?: string }): Promise<number> {
  const tab = await fakeBrowser.tabs.create({ url: pageUrl });
  const click = { menuItemId: menuItemId('media', taskKey(pyrusTask.task)), pageUrl, mediaType: 'image', ...info };
  await handleMenuClick(click, { id: tab.id, url: pageUrl }, deps());
  return tab.id ?? -1;
}

describe('an image inside a frame of the page', () => {
  it("is fetched by a script in that frame, not in the top page (a blob: URL is the frame's own)", async () => {
    const executeScript = pageAnswers();
    const srcUrl = `blob:${embed}/0b3c7d2e-5f0a-4c2b-9d41-7a1e2f3c4d5e`;
    const tabId = await clickIn({ srcUrl, frameId, frameUrl });
    expect(executeScript).toHaveBeenCalledTimes(1);
    const [injection] = executeScript.mock.calls[0] ?? [];
    expect(injection?.target).toEqual({ tabId, frameIds: [frameId] });
    // The frame checks that it still shows what was clicked.
    expect(injection?.args).toEqual([srcUrl, 1 << 20, 'omit', frameUrl]);
    expect([queued, notices]).toEqual([[{ name: 'file.png', size: png.length }], [expect.stringContaining('queued')]]);
  });

  it("of the frame's own site goes with the frame's session, judged by the frame's address rather than the page's", async () => {
    const executeScript = pageAnswers();
    const srcUrl = privateImage;
    await clickIn({ srcUrl, frameId, frameUrl });
    expect(executeScript.mock.calls.map(([injection]) => [injection.target.frameIds, injection.args])).toEqual([
      [[frameId], [srcUrl, 1 << 20, 'include', frameUrl]],
    ]);
    expect(requests()).toEqual([]);
    expect(queued).toEqual([{ name: 'photo.png', size: png.length }]);
  });

  it('in an about:srcdoc frame, which is of the page’s origin, is judged by the page', async () => {
    const executeScript = pageAnswers();
    const srcUrl = 'https://news.example.com/uploads/photo.png';
    await clickIn({ srcUrl, frameId, frameUrl: 'about:srcdoc' });
    expect(executeScript.mock.calls[0]?.[0].args).toEqual([srcUrl, 1 << 20, 'include', 'about:srcdoc']);
    expect(queued).toHaveLength(1);
  });

  it('in the top page is fetched there, as before', async () => {
    const executeScript = pageAnswers(0);
    const tabId = await clickIn({ srcUrl: 'https://news.example.com/photo.png', frameId: 0 });
    expect(executeScript.mock.calls[0]?.[0].target).toEqual({ tabId, frameIds: [0] });
    expect(executeScript.mock.calls[0]?.[0].args?.[3]).toBeNull();
    expect(queued).toHaveLength(1);
  });
});

describe('a frame the browser keeps the extension out of (another site’s: activeTab covers the top page’s origin)', () => {
  it('a blob: URL there cannot be had otherwise: the user is told to save it and drop it, with no stack trace', async () => {
    vi.spyOn(fakeBrowser.scripting, 'executeScript').mockRejectedValue(new Error(refusal));
    const srcUrl = `blob:${embed}/0b3c7d2e-5f0a-4c2b-9d41-7a1e2f3c4d5e`;
    await clickIn({ srcUrl, frameId, frameUrl });
    expect(notices).toEqual([t('menuFailed', srcUrl, t('errorSource', t('menuFrameRefused')))]);
    expect(queued).toEqual([]);
  });

  it("a public address of the frame's site is fetched by the extension itself, without the user's cookies", async () => {
    // The frame, inside another site's page, has no first-party cookies of its own site: a page that frames a
    // logged-in resource must not get the logged-in version through the extension.
    vi.spyOn(fakeBrowser.scripting, 'executeScript').mockRejectedValue(new Error(refusal));
    const srcUrl = publicFile;
    await clickIn({ srcUrl, frameId, frameUrl });
    expect(requests()).toEqual([{ url: srcUrl, credentials: 'omit' }]);
    const { name, size } = thirdPartySite.publicFile;
    expect(queued).toEqual([{ name, size }]);
  });

  it('when the extension’s own request fails as well, the frame is what is named, not a bare HTTP status', async () => {
    vi.spyOn(fakeBrowser.scripting, 'executeScript').mockRejectedValue(new Error(refusal));
    // The sandbox's private image answers 403 without the cookie its page sets.
    const srcUrl = privateImage;
    await clickIn({ srcUrl, frameId, frameUrl });
    expect(notices).toEqual([t('menuFailed', srcUrl, t('errorSource', t('menuFrameRefused')))]);
  });
});

describe('the frame that was clicked', () => {
  it('is kept with the click for "Other task…"', async () => {
    const asked: unknown[] = [];
    const srcUrl = `blob:${embed}/1`;
    await handleMenuClick(
      { menuItemId: menuItemId('media', 'other'), srcUrl, pageUrl, frameId, frameUrl },
      { id: 3, url: pageUrl },
      deps({ askForTask: async (pending) => void asked.push(pending) }),
    );
    expect(asked).toEqual([expect.objectContaining({ tabId: 3, frameId, frameUrl })]);
    expect(v.is(PendingAttachSchema, asked[0])).toBe(true);
  });

  it('is not fetched from once it shows another page', async () => {
    vi.stubGlobal('location', { href: `${embed}/player?id=8` });
    expect(await fetchInPage(`blob:${embed}/1`, 1 << 20, 'omit', frameUrl)).toEqual({
      error: 'page-changed',
    });
    expect(requests()).toEqual([]);
  });
});
