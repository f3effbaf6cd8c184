import { render } from 'preact';
import { CopyToTask } from '../../components/pick-task/CopyToTask';
import { PickTask } from '../../components/pick-task/PickTask';
import '../../components/pick-task/pick-task.css';
import '../../components/pick-task/copy-to-task.css';

const root = document.getElementById('app');
// `?copy=<id>`: a toolbar's "Copy to task…"; else `?attach=<id>`, the context menu's "Other task…".
const params = new URLSearchParams(location.search);
const copyId = params.get('copy');
if (root) render(copyId ? <CopyToTask copyId={copyId} /> : <PickTask attachId={params.get('attach') ?? ''} />, root);
