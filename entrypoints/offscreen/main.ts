import { serveUploadRunner } from '../../lib/uploads/serve-runner';

serveUploadRunner();
