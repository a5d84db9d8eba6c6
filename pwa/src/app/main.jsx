import { render } from 'preact';
import { initialLanguage, setLanguage } from '../i18n/index.js';
import { App } from './App.jsx';

const root = document.getElementById('app');
setLanguage(initialLanguage())
  .catch(() => setLanguage('en'))
  .then((lang) => render(<App initialLang={lang} />, root));
