import { serveTransfers } from '../../lib/offscreen/serve';

serveTransfers();
