// webextension-polyfill refuses to load outside an extension; unit tests get WXT's in-memory fake instead.
import { fakeBrowser } from 'wxt/testing';

export default fakeBrowser;
export { fakeBrowser as browser };
