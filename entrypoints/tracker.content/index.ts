import '../../components/toolbar/toolbar.css';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { mountToolbarOnTaskPages } from '../../lib/content/mount-toolbar';
import { trackerPageMatches } from '../../lib/trackers/hosts';

export default defineContentScript({
  matches: trackerPageMatches,
  cssInjectionMode: 'ui',
  main: mountToolbarOnTaskPages,
});
