import { render } from 'preact';
import { CopyToTask } from '../../components/pick-task/CopyToTask';
import { PickTask } from '../../components/pick-task/PickTask';
import '../../components/pick-task/pick-task.css';
import '../../components/pick-task/copy-to-task.css';

const root = document.getElementById('app');
// `?copy=<id>`: a toolbar's "Copy to task…"; else the context menu's "Other task…".
const copyId = new URLSearchParams(location.search).get('copy');
if (root) render(copyId ? <CopyToTask copyId={copyId} /> : <PickTask />, root);
