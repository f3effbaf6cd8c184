import type { Ctx } from './context';
import { trackerPage } from './pages';

/**
 * Pages of someone who wants the extension's keys: a look-alike of Pyrus on a domain of their own, and their own
 * Worksection and PlanFix accounts (real subdomains of the trackers). Each page runs a script that reports what it
 * could see of the toolbar, in `window.__probe`.
 */
export const lookAlikeHosts = ['pyrus.com.evil.test', 'evil.worksection.com', 'evil.planfix.com'] as const;

const probeScript = `<script>
  window.__probe = { toolbar: false, shadowRoot: false };
  setInterval(() => {
    const host = document.querySelector('trackerdrop-toolbar');
    window.__probe.toolbar = window.__probe.toolbar || Boolean(host);
    window.__probe.shadowRoot = window.__probe.shadowRoot || Boolean(host && host.shadowRoot);
  }, 100);
</script>`;

function page(host: string): string {
  const tasks =
    host === 'pyrus.com.evil.test'
      ? { product: 'Pyrus', navigation: 'hash' as const, tasks: [{ route: '#id1001', title: 'Договор' }] }
      : host === 'evil.worksection.com'
        ? {
            product: 'Worksection',
            navigation: 'history' as const,
            tasks: [{ route: '/project/11/101/', title: 'Макет' }],
          }
        : { product: 'PlanFix', navigation: 'history' as const, tasks: [{ route: '/TEST-1', title: 'Release' }] };
  return trackerPage({ ...tasks, accent: '#900' }).replace('</body>', `${probeScript}</body>`);
}

export async function serveLookAlike(ctx: Ctx): Promise<void> {
  ctx.send(200, page(ctx.host), { 'content-type': 'text/html; charset=utf-8' });
}
