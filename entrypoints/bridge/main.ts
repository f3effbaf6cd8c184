import { forwardHandoffs } from '../../lib/bridge/forward';

forwardHandoffs();
