import { defineContentScript } from 'wxt/utils/define-content-script';
import { launchToolbarOnTaskPages } from '../../lib/content/launch-toolbar';
import { contentScriptMatchesOf } from '../../lib/trackers/content-script-matches';
import { trackerPages } from '../../lib/trackers/pages';

export default defineContentScript({
  matches: contentScriptMatchesOf(trackerPages),
  main: launchToolbarOnTaskPages,
});
