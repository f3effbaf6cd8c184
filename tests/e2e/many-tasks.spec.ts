import { join } from 'node:path';
import { trackerOf } from '../../lib/trackers/registry';
import { summarizeFiles } from '../sandbox/control';
import { pyrusSandbox } from '../sandbox/trackers/pyrus';
import { worksectionSandbox as ws } from '../sandbox/trackers/worksection';
import { yandexTrackerSandbox as yt } from '../sandbox/trackers/yandex-tracker';
import { listFiles, sha256File } from '../support/disk';
import { expectText, toolbarOf } from '../support/shadow-ui';
import { expect, test } from './fixtures';

const label = trackerOf('yandex-tracker').label;

test.describe('Download attachments of the tasks a page lists', () => {
  for (const page of [
    { what: 'a saved filter', path: `/filters/filter:${yt.bulkFilter}` },
    { what: 'a queue', path: `/queues/${yt.bulkQueue}` },
  ]) {
    test(`${page.what} of 5 Yandex Tracker issues saves each issue's files into its own folder, byte-identical`, async ({
      context,
      sandbox,
      connect,
      downloadDir,
    }) => {
      await connect('yandex-tracker');
      const tab = await context.newPage();
      await tab.goto(`https://tracker.yandex.ru${page.path}`);
      const toolbar = toolbarOf(tab);
      const status = toolbar.locator('.task-list__status');
      await expectText(status, '5 tasks on this page.');
      await toolbar.getByRole('button', { name: 'Download attachments of 5 tasks' }).click();
      await expectText(status, /^Tasks: 5 of 5 done\. Files: 10 of 10 saved/, { timeout: 45_000 });
      const rows = toolbar.getByRole('list', { name: 'Tasks on this page' }).getByRole('listitem');
      expect(await rows.count()).toBe(5);
      await expectText(rows.filter({ hasText: 'BULK-3 Поставка 3' }), 'saved 2 files');

      const saved = listFiles(downloadDir);
      expect(saved).toHaveLength(10);
      for (const [index, issue] of yt.bulkIssues.entries()) {
        const folder = `${label}/${issue} Поставка ${index + 1}`;
        const mine = saved.filter((path) => path.startsWith(`${folder}/`));
        const stored = await summarizeFiles(sandbox, 'yandex-tracker', issue);
        expect(mine.map((path) => path.slice(folder.length + 1)).sort()).toEqual(
          stored.map((file) => file.name).sort(),
        );
        const hashes = await Promise.all(mine.map((path) => sha256File(join(downloadDir, path))));
        expect(hashes.sort()).toEqual(stored.map((file) => file.sha256).sort());
      }

      // A second run finds everything in the ledger, and on disk: nothing is fetched again.
      const seq = sandbox.log.lastSeq;
      await tab.reload();
      const again = toolbarOf(tab);
      await expectText(again.locator('.task-list__status'), '5 tasks on this page.');
      await again.getByRole('button', { name: 'Download attachments of 5 tasks' }).click();
      await expectText(again.locator('.task-list__status'), /^Tasks: 5 of 5 done\. Files: 0 of 0 saved/, {
        timeout: 30_000,
      });
      await expectText(
        again.getByRole('list', { name: 'Tasks on this page' }).getByRole('listitem').filter({ hasText: 'BULK-1' }),
        'all saved before: 2',
      );
      expect(listFiles(downloadDir)).toHaveLength(10);
      expect(sandbox.log.since(seq).filter((entry) => entry.host === 'storage.mds.yandex.net')).toEqual([]);
    });
  }

  test('a Pyrus form register saves the files of each form task into its own folder', async ({
    context,
    sandbox,
    connect,
    downloadDir,
  }) => {
    await connect('pyrus');
    const tab = await context.newPage();
    await tab.goto(`https://pyrus.com/t#rg${pyrusSandbox.form}?ao=true&tz=180&sm=0`);
    const toolbar = toolbarOf(tab);
    await toolbar.getByRole('button', { name: 'Download attachments of 2 tasks' }).click();
    await expectText(toolbar.locator('.task-list__status'), /^Tasks: 2 of 2 done\. Files: 3 of 3 saved/, {
      timeout: 30_000,
    });
    for (const [task, title] of [
      [pyrusSandbox.formTask, 'Заявка на оплату'],
      [pyrusSandbox.secondFormTask, 'Заявка на оплату №2'],
    ] as const) {
      const stored = await summarizeFiles(sandbox, 'pyrus', task);
      const folder = `Pyrus/${task} ${title}/`;
      const mine = listFiles(downloadDir).filter((path) => path.startsWith(folder));
      expect(mine.map((path) => path.slice(folder.length)).sort()).toEqual(stored.map((file) => file.name).sort());
    }
  });

  test('a Worksection project page offers its own files and, beside them, its tasks', async ({ context, connect }) => {
    await connect('worksection');
    const tab = await context.newPage();
    await tab.goto(`https://${ws.host}/project/${ws.project}/`);
    const toolbar = toolbarOf(tab);
    await expectText(toolbar.getByRole('status'), '1 attachment,');
    await expectText(toolbar.locator('.task-list__status'), '3 tasks on this page.');
    expect(await toolbar.getByRole('button', { name: 'Download all (1)' }).count()).toBe(1);
    expect(await toolbar.getByRole('button', { name: 'Download attachments of 3 tasks' }).count()).toBe(1);
  });
});
