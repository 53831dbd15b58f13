// first: requests the page's lists before the rest of the app evaluates
import './api/early-lists.js';
import { render } from 'preact';
import { App } from './app.js';
import './styles.css';

const root = document.getElementById('app');
if (root) render(<App />, root);
