/**
 * Small builders and real-looking samples shared by the content detector tests (empty-code,
 * template-app, code-clone, readme-spam, shared-readme). Samples are written from the public
 * descriptions in /work/shared/campaigns.md and the starters' own READMEs; names are invented.
 */
import type { DetectorResult, PackageDetector, PackageFacts } from '../../src/detectors/types.js';
import { levelForScore, scoreFindings, type Level } from '../../src/report/levels.js';
import { factsFromFixture, type FixtureFile, type PackageFixture } from '../support/package-fixture.js';
import { createNextAppReadme } from '../support/stock-readmes.js';

export interface SampleOptions {
  manifest?: Record<string, unknown>;
  publisher?: string;
  version?: string;
  packument?: PackageFixture['packument'];
}

export function facts(name: string, files: Record<string, FixtureFile>, options: SampleOptions = {}): PackageFacts {
  const version = options.version ?? '1.0.0';
  const fixture: PackageFixture = {
    name,
    publisher: { name: options.publisher ?? 'someone', email: `${options.publisher ?? 'someone'}@example.com` },
    versions: [{ version, publishedAt: '2025-06-01T10:00:00.000Z', manifest: options.manifest ?? {}, files }],
    ...(options.packument ? { packument: options.packument } : {}),
  };
  return factsFromFixture(fixture, version);
}

/**
 * Runs a package detector the way the engine does: a detector with `summarize` summarizes the files
 * (tarball stage), then judges from the summary on facts without files (registry stage).
 */
export function run(detector: PackageDetector, f: PackageFacts, options: Record<string, unknown> = {}, now = new Date('2025-07-01T00:00:00Z')): DetectorResult {
  const parsed = detector.meta.options.parse(options);
  if (!detector.summarize) return detector.detect({ facts: f, options: parsed, now });
  const summary = detector.summarize(f, parsed);
  const { files: _files, ...lean } = f;
  return detector.detect({ facts: lean, options: parsed, now, summary });
}

export function score(result: DetectorResult): number {
  return scoreFindings(result.findings.map((f) => f.weight));
}

export function level(result: DetectorResult): Level {
  return levelForScore(score(result));
}

export function ids(result: DetectorResult): string[] {
  return result.findings.map((f) => f.messageId);
}

/** The create-next-app README (app router era), as the worm ships it unchanged. */
export const CREATE_NEXT_APP_README = createNextAppReadme('app/page.tsx');

export const CRA_README = `# Getting Started with Create React App

This project was bootstrapped with [Create React App](https://github.com/facebook/create-react-app).

## Available Scripts

In the project directory, you can run:

### \`npm start\`

Runs the app in the development mode.\\
Open [http://localhost:3000](http://localhost:3000) to view it in your browser.

The page will reload when you make changes.\\
You may also see any lint errors in the console.

### \`npm test\`

Launches the test runner in the interactive watch mode.\\
See the section about [running tests](https://facebook.github.io/create-react-app/docs/running-tests) for more information.

### \`npm run build\`

Builds the app for production to the \`build\` folder.\\
It correctly bundles React in production mode and optimizes the build for the best performance.

The build is minified and the filenames include the hashes.\\
Your app is ready to be deployed!

## Learn More

To learn React, check out the [React documentation](https://reactjs.org/).
`;

export const VITE_README = `# React + TypeScript + Vite

This template provides a minimal setup to get React working in Vite with HMR and some ESLint rules.

Currently, two official plugins are available:

- [@vitejs/plugin-react](https://github.com/vitejs/vite-plugin-react/blob/main/packages/plugin-react) uses [Babel](https://babeljs.io/) for Fast Refresh
- [@vitejs/plugin-react-swc](https://github.com/vitejs/vite-plugin-react/blob/main/packages/plugin-react-swc) uses [SWC](https://swc.rs/) for Fast Refresh

## Expanding the ESLint configuration

If you are developing a production application, we recommend updating the configuration to enable type-aware lint rules:
`;

export const NEXT_APP_MANIFEST = {
  version: '0.1.0',
  scripts: { dev: 'next dev --turbopack', build: 'next build', start: 'next start', lint: 'next lint' },
  dependencies: { react: '^19.0.0', 'react-dom': '^19.0.0', next: '15.1.0' },
  devDependencies: { typescript: '^5', '@types/node': '^20', '@types/react': '^19', eslint: '^9' },
};

/** What one worm package ships: the scaffold, its README, and the dormant publishing script. */
export function wormNextApp(name: string, engineFile = 'auto.js'): Record<string, FixtureFile> {
  return {
    'README.md': CREATE_NEXT_APP_README,
    'app/page.tsx': 'import Image from "next/image";\n\nexport default function Home() {\n  return <main className="main"><Image src="/next.svg" alt="Next.js logo" width={180} height={38} priority /></main>;\n}\n',
    'app/layout.tsx': 'import "./globals.css";\n\nexport default function RootLayout({ children }: { children: React.ReactNode }) {\n  return <html lang="en"><body>{children}</body></html>;\n}\n',
    'app/globals.css': ':root {\n  --background: #ffffff;\n  --foreground: #171717;\n}\n',
    'app/favicon.ico': { base64: 'AAABAAEAEBAAAAEAIABoBAAAFgAAACgAAAAQAAAAIAAAAAEAIAAAAAAAAAQAAAAAAAAAAAAAAAAAAAAAAAA=' },
    'next.config.ts': 'import type { NextConfig } from "next";\n\nconst nextConfig: NextConfig = {};\n\nexport default nextConfig;\n',
    'public/next.svg': '<svg xmlns="http://www.w3.org/2000/svg" fill="none" viewBox="0 0 394 80"><path fill="#000" d="M262 0h68.5v12.7h-27.2v66.6h-13.6V12.7H262V0Z"/></svg>',
    'public/vercel.svg': '<svg xmlns="http://www.w3.org/2000/svg" fill="none" viewBox="0 0 1155 1000"><path d="m577.3 0 577.4 1000H0z" fill="#fff"/></svg>',
    'tsconfig.json': '{\n  "compilerOptions": { "target": "ES2017", "lib": ["dom", "esnext"], "jsx": "preserve", "strict": true }\n}\n',
    [engineFile]: `const { execSync } = require("child_process");\nconst fs = require("fs");\nconst names = ["zul", "bella", "agus"];\nconst foods = ["tiwul", "peyek", "rendang"];\nfunction rand(a) { return a[Math.floor(Math.random() * a.length)]; }\nasync function loop() {\n  for (;;) {\n    const pkg = JSON.parse(fs.readFileSync("package.json", "utf8"));\n    delete pkg.private;\n    pkg.name = rand(names) + "-" + rand(foods) + Math.floor(Math.random() * 100) + "-${name.split('-').pop()}";\n    fs.writeFileSync("package.json", JSON.stringify(pkg, null, 2));\n    execSync("npm publish --access public");\n    await new Promise((r) => setTimeout(r, 60000));\n  }\n}\nloop();\n`,
  };
}

/** An SEO-spam README: a link farm for a pirated movie, with the usual call-to-action lines. */
export const SEO_SPAM_README_EN = `# Watch Oppenheimer (2023) Full Movie Online Free HD

[WATCH NOW](https://bit.ly/3xOpp23) | [DOWNLOAD HD](https://cutt.ly/opp-full)

Oppenheimer (2023) full movie online free streaming in HD 1080p. Watch Oppenheimer online free without registration.
Where to watch Oppenheimer full movie? Stream Oppenheimer free online on our site, full movie HD with subtitles.

[Oppenheimer full movie](https://moviesflixhd.xyz/oppenheimer-2023) — [watch Oppenheimer online free](https://moviesflixhd.xyz/oppenheimer-2023)
[Download Oppenheimer full movie HD](https://moviesflixhd.xyz/download/oppenheimer) — [free movies 2023](https://moviesflixhd.xyz/)
[Oppenheimer 123movies](https://moviesflixhd.xyz/oppenheimer-2023) · [Oppenheimer streaming vf](https://streamcomplet.site/oppenheimer)

Oppenheimer 1080p streaming, free HD movies, full episode guide.
`;

/** The same trade in Indonesian: slot-gambling advertisement with a WhatsApp number. */
export const SEO_SPAM_README_ID = `# SLOT GACOR HARI INI ⚡ Situs Slot Online Terpercaya Gampang Maxwin

Daftar slot gacor hari ini di situs slot terpercaya! Link alternatif resmi, RTP live tertinggi, deposit pulsa tanpa potongan.
Bandar togel dan judi online terbesar. Scatter hitam mahjong ways pasti maxwin.

👉 [DAFTAR SEKARANG](https://gacor88.vip/daftar) 👉 [LOGIN SLOT GACOR](https://gacor88.vip/login) 👉 [LINK ALTERNATIF](https://gacor88.vip/alt)
👉 [RTP LIVE](https://gacor88.vip/rtp) 👉 [Bonus](https://gacor88.vip/bonus)

Hubungi WhatsApp: +62 812-3456-7890 untuk bantuan 24 jam. Situs judi slot gacor terbaik!
`;

/** Spanish/Portuguese movie piracy spam, with a Telegram number. */
export const SEO_SPAM_README_ES = `# Ver Oppenheimer (2023) Película Completa Online Gratis en Español Latino

Ver Oppenheimer online gratis en español latino. Película completa en HD. Descargar Oppenheimer gratis por mega.
Assistir Oppenheimer online dublado — filme completo em HD.

[VER AHORA](https://pelisplus-hd.online/oppenheimer) [DESCARGAR](https://pelisplus-hd.online/descargar/oppenheimer)
[Película completa](https://pelisplus-hd.online/oppenheimer) [Filme completo dublado](https://pelisplus-hd.online/pt/oppenheimer)
[Ver gratis](https://pelisplus-hd.online/)

Telegram: +34 612 345 678
`;

/** Russian streaming/casino spam. */
export const SEO_SPAM_README_RU = `# Смотреть Оппенгеймер онлайн бесплатно в хорошем качестве

Смотреть фильм Оппенгеймер онлайн бесплатно. Фильм Оппенгеймер полностью в хорошем качестве HD.
Скачать фильм бесплатно через торрент. Лучшее онлайн казино — ставки на спорт с бонусом.

[Смотреть онлайн](https://kino-hd-free.ru/oppenheimer) [Скачать бесплатно](https://kino-hd-free.ru/download)
[Онлайн казино](https://kino-hd-free.ru/casino) [Ставки на спорт](https://kino-hd-free.ru/bets) [Фильм](https://kino-hd-free.ru/)
`;
