import { render } from 'preact';
import { Api, websocketUrl } from './api.js';
import { App } from './App.jsx';
import './styles.css';

const api = new Api(websocketUrl(window.location));
api.start();
render(<App api={api} />, document.getElementById('app'));
