/**
 * template-app: a framework's starter app (create-next-app, Vite, Create React App, ...) published
 * as if it were a library. The self-publishing worm ships exactly this: an unchanged Next.js
 * scaffold with `"private": true` removed so `npm publish` accepts it.
 *
 * Structure decides, not names: scaffold files count only at the package root (where an app keeps
 * them). A scaffolder such as create-next-app ships the same files under a templates folder and has
 * a real `bin`, so it never matches; a library that also carries a demo app has a library entry and
 * stays low.
 */
import { z } from 'zod';
import type { DetectorFinding } from '../types.js';
import { definePackageDetector } from '../types.js';
import { safeLine } from '../../report/sanitize.js';
import { findReadmePath, isCodePath } from '../../analysis/text.js';
import { matchStockReadme } from '../../analysis/stock-templates.js';
import { resolvesToFile } from '../../analysis/inventory.js';

export const WEIGHTS = {
  /** An app scaffold and nothing a dependent could import: low on its own (starters are published on purpose)… */
  appWithoutLibraryEntry: 30,
  /** …medium once its README is still the scaffold's: the template was published unread… */
  stockReadme: 15,
  /** …or once the app is the scaffold plus at most a couple of files: nobody built anything in it. */
  untouchedScaffold: 15,
  /** A demo app beside a real library entry: sloppy packaging, not spam. */
  appBesideLibrary: 5,
} as const;

interface Marker {
  pattern: RegExp;
  framework: string;
  /** Entry files of an app (pages, App component, framework config); the rest are decoration. */
  strong: boolean;
}

const JS = '(?:[cm]?[jt]sx?)';
/** Root-relative scaffold files, by the starter that writes them. */
const MARKERS: Marker[] = [
  { pattern: new RegExp(`^(?:src/)?app/(?:page|layout)\\.${JS}$`), framework: 'Next.js', strong: true },
  { pattern: new RegExp(`^(?:src/)?pages/_(?:app|document)\\.${JS}$`), framework: 'Next.js', strong: true },
  { pattern: new RegExp(`^next\\.config\\.${JS}$`), framework: 'Next.js', strong: true },
  { pattern: /^next-env\.d\.ts$/, framework: 'Next.js', strong: false },
  { pattern: /^(?:src\/)?app\/(?:favicon\.ico|globals\.css|page\.module\.css)$/, framework: 'Next.js', strong: false },
  { pattern: /^public\/(?:next|vercel|file|globe|window)\.svg$/, framework: 'Next.js', strong: false },
  { pattern: new RegExp(`^vite\\.config\\.${JS}$`), framework: 'Vite', strong: true },
  { pattern: /^public\/vite\.svg$/, framework: 'Vite', strong: false },
  { pattern: /^src\/assets\/(?:react|vue|svelte|solid|preact|lit)\.svg$/, framework: 'Vite', strong: false },
  { pattern: new RegExp(`^src/App\\.(?:${JS}|vue|svelte)$`), framework: 'React/Vue app', strong: true },
  { pattern: new RegExp(`^src/(?:main|index)\\.${JS}$`), framework: 'React/Vue app', strong: false },
  { pattern: new RegExp(`^src/(?:reportWebVitals|setupTests|App\\.test)\\.${JS}$`), framework: 'Create React App', strong: true },
  { pattern: /^public\/(?:index\.html|manifest\.json|robots\.txt|logo\d+\.png|favicon\.(?:ico|svg|png))$/, framework: 'static app', strong: false },
  { pattern: /^index\.html$/, framework: 'static app', strong: false },
  { pattern: new RegExp(`^nuxt\\.config\\.${JS}$`), framework: 'Nuxt', strong: true },
  { pattern: /^app\.vue$/, framework: 'Nuxt', strong: true },
  { pattern: /^svelte\.config\.js$/, framework: 'SvelteKit', strong: true },
  { pattern: /^src\/routes\/\+page\.svelte$/, framework: 'SvelteKit', strong: true },
  { pattern: /^angular\.json$/, framework: 'Angular', strong: true },
  { pattern: /^src\/app\/app\.component\.ts$/, framework: 'Angular', strong: true },
  { pattern: /^astro\.config\.m?[jt]s$/, framework: 'Astro', strong: true },
  { pattern: /^src\/pages\/index\.astro$/, framework: 'Astro', strong: true },
  { pattern: new RegExp(`^app/root\\.${JS}$`), framework: 'Remix', strong: true },
  { pattern: new RegExp(`^hardhat\\.config\\.${JS}$`), framework: 'Hardhat', strong: true },
  { pattern: /^contracts\/Lock\.sol$/, framework: 'Hardhat', strong: false },
  { pattern: /^App\.[jt]sx?$/, framework: 'Expo', strong: true },
];

/** npm scripts that run an app rather than build or test a library. */
const APP_SCRIPT = /\b(?:next (?:dev|start)|react-scripts start|ng serve|nuxt dev|astro dev|expo start|remix dev|vite(?:\s+(?:dev|preview))?\s*$|hardhat node)/;

/** Packages that run an app (dev server, app build), as opposed to libraries used inside one. */
const APP_FRAMEWORKS = new Set(['next', 'react-scripts', 'nuxt', 'astro', 'expo', '@sveltejs/kit', '@remix-run/dev', '@remix-run/serve', 'gatsby', '@angular/cli', 'hardhat']);

const options = z.object({
  /** Root scaffold files needed (at least one of them an app entry file). */
  minMarkers: z.number().int().positive().default(2),
  /** Code files beyond the scaffold (not markers, not configs) up to which the app counts as untouched. */
  maxExtraCodeFiles: z.number().int().nonnegative().default(2),
});

export const templateApp = definePackageDetector({
  meta: {
    id: 'template-app',
    description: 'A framework starter app (Next.js, Vite, CRA, ...) published as a package with nothing to import.',
    needs: ['files'],
    messages: {
      appWithoutLibraryEntry: 'is a {framework} app scaffold ({markerCount} scaffold files at the root) with no library entry point',
      appBesideLibrary: 'carries a {framework} app scaffold at its root beside its library entry "{entry}"',
    },
    options,
  },
  detect({ facts, options: o }) {
    const findings: DetectorFinding[] = [];
    const files = facts.files;
    if (!files) return { findings, unavailable: [{ signal: 'package contents', reason: 'the tarball was not read' }] };
    const manifest = facts.manifest ?? {};
    const paths = files.entries.filter((e) => e.type === 'file').map((e) => e.path);
    const matched = paths.flatMap((path) => {
      const marker = MARKERS.find((m) => m.pattern.test(path));
      return marker ? [{ path, marker }] : [];
    });
    const strong = matched.filter((m) => m.marker.strong);
    if (matched.length < o.minMarkers || strong.length === 0) return { findings };

    const framework = mostCommon(strong.map((m) => m.marker.framework));
    const scaffoldPaths = new Set(matched.map((m) => m.path));
    const present = new Set(paths);
    const entry = libraryEntry(manifest, present, scaffoldPaths);
    const scripts = recordOf(manifest.scripts);
    const appScripts = Object.entries(scripts)
      .filter(([, command]) => typeof command === 'string' && APP_SCRIPT.test(command))
      .map(([name, command]) => `${safeLine(name, 40)}: ${safeLine(String(command), 80)}`);
    const evidence = {
      file: matched[0]!.path,
      markers: matched.slice(0, 20).map((m) => safeLine(m.path, 120)),
      markerCount: matched.length,
      framework,
      appScripts,
      // Starters set "private": true; npm refuses to publish that, so a published scaffold had it removed.
      privateRemoved: manifest.private !== true && appScripts.length > 0,
    };

    // An app framework as a *runtime* dependency plus scripts that run the app: this is an app even
    // if `main` names a file (the worm points main at its publishing script). Libraries for a
    // framework declare it as a peer or dev dependency.
    const runtimeFrameworks = Object.keys(recordOf(manifest.dependencies)).filter((d) => APP_FRAMEWORKS.has(d));
    const runsAsApp = runtimeFrameworks.length > 0 && appScripts.length > 0;
    if (entry && !runsAsApp) {
      findings.push({ messageId: 'appBesideLibrary', data: { framework, entry: safeLine(entry, 120) }, weight: WEIGHTS.appBesideLibrary, evidence });
      return { findings };
    }
    const readmePath = findReadmePath(files);
    const readme = readmePath ? files.readText(readmePath) : undefined;
    const stock = readme !== undefined ? matchStockReadme(readme) : undefined;
    // What the publisher added to the starter: code that is neither a scaffold file nor a config.
    const extraCode = paths.filter((p) => isCodePath(p) && !scaffoldPaths.has(p) && !/(?:^|\/)[\w-]+\.config\.[cm]?[jt]s$/.test(p) && !p.startsWith('public/'));
    const untouched = extraCode.length <= o.maxExtraCodeFiles;
    const stockReadme = stock !== undefined && stock.coverage >= 0.4;
    findings.push({
      messageId: 'appWithoutLibraryEntry',
      data: { framework, markerCount: matched.length },
      weight: WEIGHTS.appWithoutLibraryEntry + (stockReadme ? WEIGHTS.stockReadme : 0) + (untouched ? WEIGHTS.untouchedScaffold : 0),
      evidence: {
        ...evidence,
        extraCodeFiles: extraCode.slice(0, 10).map((p) => safeLine(p, 120)),
        untouchedScaffold: untouched,
        ...(entry ? { declaredEntry: safeLine(entry, 120), runtimeFrameworks } : {}),
        ...(stock ? { stockReadme: stock.template, stockReadmeFile: readmePath ?? null } : {}),
      },
    });
    return { findings };
  },
});

/** The first of main/module/exports/bin that names a real, non-scaffold file: something to import or run. */
function libraryEntry(manifest: Record<string, unknown>, present: ReadonlySet<string>, scaffold: ReadonlySet<string>): string | undefined {
  const targets: string[] = [];
  for (const field of ['main', 'module']) if (typeof manifest[field] === 'string') targets.push(manifest[field] as string);
  const bin = manifest.bin;
  if (typeof bin === 'string') targets.push(bin);
  else targets.push(...Object.values(recordOf(bin)).filter((v): v is string => typeof v === 'string'));
  collectStrings(manifest.exports, targets);
  return targets.find((t) => {
    const path = t.replace(/^\.\//, '');
    return !t.includes('*') && resolvesToFile(t, present) && !scaffold.has(path);
  });
}

function collectStrings(value: unknown, out: string[]): void {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) value.forEach((v) => collectStrings(v, out));
  else if (typeof value === 'object' && value !== null) Object.values(value).forEach((v) => collectStrings(v, out));
}

function mostCommon(values: string[]): string {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 'app';
}

function recordOf(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

