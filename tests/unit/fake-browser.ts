// webextension-polyfill refuses to load outside an extension; unit tests get WXT's in-memory fake instead, and an
// in-memory IndexedDB where the extension keeps its own (the key that seals stored secrets, the queues).
import 'fake-indexeddb/auto';
import { fakeBrowser } from 'wxt/testing';

export default fakeBrowser;
export { fakeBrowser as browser };
