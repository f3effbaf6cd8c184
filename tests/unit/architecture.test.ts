import { readFileSync } from 'node:fs';
import { parseCircular, parseDependencyTree } from 'dpdm';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * The layers of the code, top to bottom: a file may import its own layer and the layers below it, never one above.
 * Type imports count too (dpdm reads them). docs/architecture.md draws the same picture.
 */
const layers: readonly (readonly string[])[] = [
  ['entrypoints/'],
  ['components/'],
  // Hosts: the worker's services, and what runs in the offscreen document; they compose the features.
  ['lib/background/', 'lib/offscreen/'],
  ['lib/content/', 'lib/bridge/', 'lib/context-menu/', 'lib/downloads/', 'lib/uploads/'],
  ['lib/messages/'],
  ['lib/jobs/'],
  ['lib/settings/'],
  ['lib/trackers/'],
  ['lib/http/', 'lib/files/', 'lib/i18n/', 'lib/format.ts'],
  ['lib/errors.ts'],
];

function layerOf(file: string): number {
  const index = layers.findIndex((prefixes) => prefixes.some((prefix) => file.startsWith(prefix)));
  if (index < 0) throw new Error(`${file} is in no layer`);
  return index;
}

let edges: { from: string; to: string }[] = [];
let circles: string[][] = [];

beforeAll(async () => {
  const tree = await parseDependencyTree(
    ['entrypoints/**/*.{ts,tsx}', 'components/**/*.{ts,tsx}', 'lib/**/*.{ts,tsx}'],
    {
      context: process.cwd(),
      transform: false,
      skipDynamicImports: false,
      include: /\.tsx?$/,
      exclude: /node_modules/,
      tsconfig: 'tsconfig.json',
    },
  );
  circles = parseCircular(tree);
  edges = Object.entries(tree).flatMap(([from, dependencies]) =>
    (dependencies ?? []).flatMap((dependency) =>
      dependency.id && !dependency.id.includes('node_modules') ? [{ from, to: dependency.id }] : [],
    ),
  );
}, 60_000);

describe('the code is layered', () => {
  it('has no import cycle, type imports included', () => {
    expect(circles).toEqual([]);
  });

  it('imports only its own layer and those below', () => {
    const upward = edges
      .filter(({ from, to }) => layerOf(to) < layerOf(from))
      .map(({ from, to }) => `${from} -> ${to}`);
    expect(upward).toEqual([]);
  });

  it('keeps each tracker to itself: a tracker folder imports no other tracker and nothing of the app above it', () => {
    const folder = (file: string) => /^lib\/trackers\/([^/]+)\//.exec(file)?.[1];
    const crossing = edges
      .filter(({ from, to }) => folder(from) && folder(to) && folder(from) !== folder(to))
      .map(({ from, to }) => `${from} -> ${to}`);
    expect(crossing).toEqual([]);
  });

  it('keeps the page parsers off the network and the API clients off the DOM', () => {
    const pageFiles = [...new Set(edges.map(({ from }) => from))].filter((file) =>
      /^lib\/trackers\/[^/]+\/page\.ts$/.test(file),
    );
    const apiFiles = [...new Set(edges.map(({ from }) => from))].filter((file) =>
      /^lib\/trackers\/[^/]+\/api\.ts$/.test(file),
    );
    expect(pageFiles).toHaveLength(4);
    expect(apiFiles).toHaveLength(4);
    for (const file of pageFiles) {
      expect(readFileSync(file, 'utf8'), file).not.toMatch(/\bfetch\(|XMLHttpRequest|WebSocket/);
      expect(edges.filter(({ from, to }) => from === file && to.startsWith('lib/http/'))).toEqual([]);
    }
    for (const file of apiFiles) {
      expect(readFileSync(file, 'utf8'), file).not.toMatch(/\bdocument\.|\bwindow\.|HTMLElement|\bpreact\b/);
    }
  });
});

describe('the content script', () => {
  it('carries only the URL matcher and the toolbar launcher: it runs in every page of the trackers', async () => {
    // Type imports left out, as the bundle leaves them out. The toolbar is imported at run time from the extension
    // (lib/content/toolbar-chunk.ts); the page parsers come by a glob (lib/trackers/pages.ts), which dpdm skips.
    const tree = await parseDependencyTree(['entrypoints/tracker.content/index.ts'], {
      context: process.cwd(),
      transform: true,
      skipDynamicImports: false,
      include: /\.tsx?$/,
      tsconfig: 'tsconfig.json',
    });
    const allowed = [
      /^entrypoints\/tracker\.content\//,
      /^lib\/content\/(launch-toolbar|task-watch|toolbar-chunk)\.ts$/,
      /^lib\/trackers\/(pages|content-script-matches|task-key|project-list|param-names)\.ts$/,
      /^lib\/trackers\/[^/]+\/page\.ts$/,
      /^lib\/http\/host-match\.ts$/,
      // Where node_modules is a link (a git worktree sharing one install), dpdm names the resolved path.
      /(^|\/)node_modules\/wxt\//,
    ];
    expect(Object.keys(tree).filter((file) => !allowed.some((pattern) => pattern.test(file)))).toEqual([]);
  }, 30_000);
});
