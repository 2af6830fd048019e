import { describe, expect, it } from 'vitest';
import { templateApp, WEIGHTS } from '../../src/detectors/template-app/index.js';
import { CRA_README, CREATE_NEXT_APP_README, facts, ids, level, NEXT_APP_MANIFEST, run, score, VITE_README, wormNextApp } from './content-fixtures.js';

describe('template-app', () => {
  it('flags a worm package (create-next-app scaffold, private removed, stock README) at medium on its own', () => {
    const r = run(templateApp, facts('zul-tiwul90-breki', wormNextApp('zul-tiwul90-breki'), { manifest: NEXT_APP_MANIFEST, version: '0.1.0' }));
    expect(ids(r)).toEqual(['appWithoutLibraryEntry']);
    const finding = r.findings[0]!;
    expect(finding.evidence).toMatchObject({ framework: 'Next.js', privateRemoved: true, stockReadme: 'create-next-app' });
    expect(finding.evidence.markers).toEqual(expect.arrayContaining(['app/page.tsx', 'next.config.ts', 'public/next.svg']));
    expect(finding.evidence.untouchedScaffold).toBe(true);
    expect(finding.weight).toBe(WEIGHTS.appWithoutLibraryEntry + WEIGHTS.stockReadme + WEIGHTS.untouchedScaffold);
    expect(level(r)).toBe('medium');
  });

  it('still flags the scaffold when the README was edited (no stock bonus) and main points at the publishing script', () => {
    const files = { ...wormNextApp('bella-peyek92-sukiwir', 'index.js'), 'README.md': '# bella peyek\nmy project' };
    const r = run(templateApp, facts('bella-peyek92-sukiwir', files, { manifest: { ...NEXT_APP_MANIFEST, main: 'index.js' } }));
    expect(ids(r)).toEqual(['appWithoutLibraryEntry']);
    expect(r.findings[0]!.weight).toBe(WEIGHTS.appWithoutLibraryEntry + WEIGHTS.untouchedScaffold);
    expect(level(r)).toBe('medium');
    expect(r.findings[0]!.evidence).toMatchObject({ declaredEntry: 'index.js', runtimeFrameworks: ['next'] });
    expect(r.findings[0]!.evidence.stockReadme).toBeUndefined();
  });

  it('flags a published Vite app and a published Create React App app', () => {
    const vite = {
      'README.md': VITE_README,
      'index.html': '<!doctype html><html><body><div id="root"></div><script type="module" src="/src/main.tsx"></script></body></html>',
      'vite.config.ts': 'import { defineConfig } from "vite";\nimport react from "@vitejs/plugin-react";\nexport default defineConfig({ plugins: [react()] });\n',
      'src/App.tsx': 'export default function App() { return <h1>Vite + React</h1>; }\n',
      'src/main.tsx': 'import { createRoot } from "react-dom/client";\nimport App from "./App";\ncreateRoot(document.getElementById("root")!).render(<App />);\n',
      'public/vite.svg': '<svg/>',
      'src/assets/react.svg': '<svg/>',
    };
    const v = run(templateApp, facts('aurora-sync-buffer-canopus', vite, { manifest: { scripts: { dev: 'vite', build: 'tsc -b && vite build', preview: 'vite preview' } } }));
    expect(v.findings[0]?.evidence.framework).toBe('Vite');
    expect(level(v)).toBe('medium');

    const cra = {
      'README.md': CRA_README,
      'public/index.html': '<!DOCTYPE html><html><body><div id="root"></div></body></html>',
      'public/manifest.json': '{"short_name":"React App"}',
      'public/favicon.ico': { base64: 'AAABAA==' },
      'src/App.js': 'function App() { return null; }\nexport default App;\n',
      'src/index.js': 'import App from "./App";\n',
      'src/reportWebVitals.js': 'export default function reportWebVitals() {}\n',
    };
    const c = run(templateApp, facts('gociay-uinga-uuggaucfu', cra, { manifest: { scripts: { start: 'react-scripts start', build: 'react-scripts build' } } }));
    expect(c.findings[0]?.evidence.stockReadme).toBe('create-react-app');
    expect(level(c)).toBe('medium');
  });

  it('keeps a starter published on purpose (own README, real app code beyond the scaffold) under medium', () => {
    const files = {
      'README.md': '# Launchpad SaaS starter\n\nA production-ready Next.js starter with teams, billing and role-based access.',
      'app/layout.tsx': 'export default function RootLayout({ children }) { return <html><body>{children}</body></html>; }',
      'app/(dashboard)/billing/page.tsx': 'import { plans } from "../../../lib/billing";\nexport default function Billing() { return <ul>{plans().map((p) => <li key={p.id}>{p.name}</li>)}</ul>; }',
      'app/(dashboard)/team/page.tsx': 'export default function Team() { return <p>team</p>; }',
      'lib/billing.ts': 'export function plans() { return fetch("/api/plans").then((r) => r.json()); }',
      'lib/auth.tsx': 'export const SessionContext = createContext(null);',
      'next.config.ts': 'export default {};',
    };
    const r = run(templateApp, facts('nextjs-saas-starter-kit', files, { manifest: NEXT_APP_MANIFEST }));
    expect(r.findings[0]!.evidence.untouchedScaffold).toBe(false);
    expect(r.findings[0]!.weight).toBe(WEIGHTS.appWithoutLibraryEntry);
    expect(score(r)).toBeLessThan(40);
  });

  it('stays quiet for a scaffolder that ships templates under a templates folder and has a real bin (create-next-app-like)', () => {
    const files: Record<string, string> = { 'dist/index.js': '#!/usr/bin/env node\nrequire("./cli").run(process.argv);\n', 'dist/cli.js': 'exports.run = (argv) => argv.length;\n', 'README.md': '# Create Next App\n\nThe easiest way to get started with Next.js is by using `create-next-app`.' };
    for (const [path, text] of Object.entries(wormNextApp('x'))) if (typeof text === 'string' && path !== 'README.md') files[`dist/templates/app/ts/${path}`] = text;
    files['dist/templates/app/ts/README-template.md'] = CREATE_NEXT_APP_README;
    const r = run(templateApp, facts('create-next-app-like', files, { manifest: { bin: { 'create-next-app-like': './dist/index.js' } } }));
    expect(r.findings).toEqual([]);
  });

  it('stays quiet for a create-vite-like scaffolder with template-* folders', () => {
    const r = run(
      templateApp,
      facts('create-vite-like', {
        'index.js': '#!/usr/bin/env node\nimport "./dist/index.mjs";\n',
        'dist/index.mjs': 'console.log(process.argv.slice(2).join(" "));\n',
        'template-react/index.html': '<div id="root"></div>',
        'template-react/vite.config.js': 'export default {}',
        'template-react/src/App.jsx': 'export default () => null',
        'template-react/public/vite.svg': '<svg/>',
      }, { manifest: { bin: { 'create-vite-like': 'index.js' } } }),
    );
    expect(r.findings).toEqual([]);
  });

  it('keeps a component library that carries its demo app beside a real entry under low', () => {
    const r = run(
      templateApp,
      facts('react-fancy-button', {
        'dist/index.js': 'export function FancyButton(props) { return props.children; }\n',
        'index.html': '<div id="root"></div>',
        'vite.config.ts': 'export default {}',
        'src/App.tsx': 'export default function App() { return null; }',
        'src/main.tsx': 'import App from "./App";',
      }, { manifest: { main: 'dist/index.js', scripts: { dev: 'vite', build: 'vite build' } } }),
    );
    expect(ids(r)).toEqual(['appBesideLibrary']);
    expect(score(r)).toBeLessThan(10);
  });

  it('does not mistake a library with one framework config for an app', () => {
    const r = run(templateApp, facts('next-plugin-thing', { 'index.js': 'module.exports = (config) => ({ ...config, reactStrictMode: true });\n', 'next.config.js': 'module.exports = require("./")({});' }, { manifest: { main: 'index.js' } }));
    expect(r.findings).toEqual([]);
  });
});
