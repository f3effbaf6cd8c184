import { render } from 'preact';
import { OptionsPage } from '../../components/options/OptionsPage';
import '../../components/options/options.css';

const root = document.getElementById('app');
if (root) render(<OptionsPage />, root);
