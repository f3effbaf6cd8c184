import { render } from 'preact';
import { PickTask } from '../../components/pick-task/PickTask';
import '../../components/pick-task/pick-task.css';

const root = document.getElementById('app');
if (root) render(<PickTask />, root);
