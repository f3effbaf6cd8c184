/**
 * A task page shell at a tracker's real URL shape. It is only a stage for the content script: it looks like an
 * app, navigates like one (hash or History API), and never sees a secret.
 */
export interface PageTask {
  /** The path (or hash) that shows this task, e.g. `/TEST-1` or `#id1001`. */
  route: string;
  title: string;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function trackerPage(options: {
  product: string;
  navigation: 'hash' | 'history';
  tasks: PageTask[];
  accent: string;
}): string {
  const links = options.tasks
    .map(
      (task) =>
        `<li><a href="${escapeHtml(task.route)}" data-route="${escapeHtml(task.route)}">${escapeHtml(task.title)}</a></li>`,
    )
    .join('');
  const titles = JSON.stringify(Object.fromEntries(options.tasks.map((task) => [task.route, task.title]))).replace(
    /</g,
    '\\u003c',
  );
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(options.product)}</title>
<style>
  * { box-sizing: border-box; }
  body { margin: 0; font: 14px/1.4 Georgia, serif; color: #222; background: #f4f4f0; }
  header { background: ${options.accent}; color: #fff; padding: 10px 16px; font-weight: bold; }
  nav { float: left; width: 220px; padding: 12px; }
  main { margin-left: 240px; padding: 16px; }
  /* Hostile to injected UI: these would restyle the toolbar if it were not isolated. */
  section, span, button, input, label { font-size: 20px !important; color: rgb(255, 0, 0) !important; }
</style></head>
<body>
<header>${escapeHtml(options.product)}</header>
<nav><ul>${links}</ul></nav>
<main><h1 id="task-title"></h1><p>Task description.</p></main>
<script>
  const titles = ${titles};
  const mode = ${JSON.stringify(options.navigation)};
  function current() { return mode === 'hash' ? location.hash : location.pathname; }
  function render() { document.getElementById('task-title').textContent = titles[current()] || 'Not found'; document.title = (titles[current()] || '') + ' — ${escapeHtml(options.product)}'; }
  document.addEventListener('click', (event) => {
    const link = event.target.closest('a[data-route]');
    if (!link || mode !== 'history') return;
    event.preventDefault();
    history.pushState({}, '', link.dataset.route);
    render();
  });
  addEventListener('hashchange', render);
  addEventListener('popstate', render);
  render();
</script>
</body></html>`;
}
