import { defineBackground } from 'wxt/utils/define-background';
import { registerMessageHandlers } from '../lib/background/router';

export default defineBackground(() => {
  registerMessageHandlers();
});
