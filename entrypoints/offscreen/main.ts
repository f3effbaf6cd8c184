import { serveUploadRunner } from '../../lib/uploads/serve-runner';
import { serveZipBuilder } from '../../lib/zip/serve';

serveUploadRunner();
serveZipBuilder();
