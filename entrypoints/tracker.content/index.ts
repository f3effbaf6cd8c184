import { mountToolbarOnTaskPages } from './mount';
import '../../components/toolbar/toolbar.css';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { contentScriptMatches } from '../../lib/trackers/hosts';

export default defineContentScript({
  matches: contentScriptMatches,
  cssInjectionMode: 'ui',
  main: mountToolbarOnTaskPages,
});
