/**
 * Fingerprints of the READMEs that project starters write (create-next-app, Create React App, Vite,
 * Vue CLI, Angular CLI, SvelteKit, Nuxt, Expo, Astro, Remix, Hardhat). A fingerprint is a handful of
 * the template's distinctive sentences, stored already normalised (see `normaliseProse`): lower case,
 * no punctuation or digits, link targets dropped. A README matches a template when enough of these
 * sentences occur in it, so edits, version numbers, reordered sections or a changed package manager
 * line do not hide it, while a README that merely mentions "Next.js" never matches.
 *
 * To add a starter: copy 6–12 sentences that only that template says, normalise them with
 * `normaliseProse`, and add a test sample in test/detectors/readme-spam.test.ts.
 */
import { normaliseProse } from './text.js';

export interface StockTemplate {
  id: string;
  signatures: readonly string[];
}

export const STOCK_TEMPLATES: readonly StockTemplate[] = [
  {
    id: 'create-next-app',
    signatures: [
      'this is a next js project bootstrapped with create next app',
      'first run the development server',
      'with your browser to see the result',
      'you can start editing the page by modifying',
      'the page auto updates as you edit the file',
      'to automatically optimize and load',
      'to learn more about next js take a look at the following resources',
      'learn about next js features and api',
      'an interactive next js tutorial',
      'your feedback and contributions are welcome',
      'the easiest way to deploy your next js app is to use the vercel platform from the creators of next js',
      'check out our next js deployment documentation for more details',
      'api routes can be accessed on',
    ],
  },
  {
    id: 'create-react-app',
    signatures: [
      'getting started with create react app',
      'this project was bootstrapped with create react app',
      'in the project directory you can run',
      'runs the app in the development mode',
      'the page will reload when you make changes',
      'launches the test runner in the interactive watch mode',
      'builds the app for production to the build folder',
      'it correctly bundles react in production mode and optimizes the build for the best performance',
      'the build is minified and the filenames include the hashes',
      'your app is ready to be deployed',
      'this is a one way operation',
      'to learn react check out the react documentation',
    ],
  },
  {
    id: 'vite',
    signatures: [
      'this template provides a minimal setup to get react working in vite with hmr and some eslint rules',
      'this template should help get you started developing with',
      'currently two official plugins are available',
      'uses babel for fast refresh',
      'uses swc for fast refresh',
      'expanding the eslint configuration',
      'if you are developing a production application we recommend updating the configuration to enable type aware lint rules',
      'recommended ide setup',
      'see vite configuration reference',
      'compile and hot reload for development',
      'compile and minify for production',
      'type support for vue imports in ts',
    ],
  },
  {
    id: 'vue-cli',
    signatures: [
      'compiles and hot reloads for development',
      'compiles and minifies for production',
      'lints and fixes files',
      'see configuration reference',
      'run your unit tests',
    ],
  },
  {
    id: 'angular-cli',
    signatures: [
      'this project was generated with angular cli version',
      'this project was generated using angular cli version',
      'run ng serve for a dev server',
      'the application will automatically reload if you change any of the source files',
      'to generate a new component',
      'run ng build to build the project',
      'to execute the unit tests via',
      'to get more help on the angular cli use ng help',
    ],
  },
  {
    id: 'create-svelte',
    signatures: [
      'everything you need to build a svelte project powered by',
      'if you re seeing this you ve probably already done this step congrats',
      'once you ve created a project and installed dependencies with',
      'start a development server',
      'to create a production version of your app',
      'you can preview the production build with',
      'to deploy your app you may need to install an adapter for your target environment',
    ],
  },
  {
    id: 'nuxt',
    signatures: [
      'nuxt minimal starter',
      'look at the nuxt documentation to learn more',
      'make sure to install dependencies',
      'make sure to install the dependencies',
      'start the development server on http localhost',
      'build the application for production',
      'locally preview production build',
      'check out the deployment documentation for more information',
    ],
  },
  {
    id: 'create-expo-app',
    signatures: [
      'welcome to your expo app',
      'this is an expo project created with create expo app',
      'in the output you ll find options to open the app in a',
      'you can start developing by editing the files inside the app directory',
      'this project uses file based routing',
      'when you re ready run',
      'join the community of developers creating universal apps',
    ],
  },
  {
    id: 'astro',
    signatures: [
      'astro starter kit',
      'seasoned astronaut delete this file have fun',
      'inside of your astro project you ll see the following folders and files',
      'astro looks for astro or md files in the src pages directory',
      'all commands are run from the root of the project from a terminal',
      'feel free to check our documentation or jump into our discord server',
    ],
  },
  {
    id: 'remix',
    signatures: [
      'welcome to remix',
      'run the dev server',
      'first build your app for production',
      'then run the app in production mode',
      'now you ll need to pick a host to deploy it to',
      'if you re familiar with deploying node applications the built in remix app server is production ready',
    ],
  },
  {
    id: 'hardhat',
    signatures: [
      'sample hardhat project',
      'this project demonstrates a basic hardhat use case',
      'it comes with a sample contract a test for that contract and',
      'try running some of the following tasks',
    ],
  },
];

export interface StockMatch {
  template: string;
  /** Signatures of the template found in the text. */
  matched: string[];
  /** Share of the text's words that belong to matched template sentences (0..1): 1 = nothing added. */
  coverage: number;
}

/** Minimum template sentences that must match: two at least, and two fifths of the fingerprint. */
function requiredMatches(template: StockTemplate): number {
  return Math.max(2, Math.ceil(template.signatures.length * 0.4));
}

/** Each signature's words, to rule a sentence out before searching the README for it. */
const SIGNATURE_WORDS = new Map(STOCK_TEMPLATES.flatMap((t) => t.signatures).map((s) => [s, s.split(' ')]));

/** The starter template this README was written from, if any (the best-matching one). */
export function matchStockReadme(readme: string): StockMatch | undefined {
  const prose = normaliseProse(readme);
  if (prose === '') return undefined;
  // normaliseProse leaves single spaces between words and none at either end.
  const words = prose.split(' ');
  const totalWords = words.length;
  // A sentence whose words are not all in the README cannot be in it: most READMEs lack a word of
  // every template sentence, and searching the whole text for each of ~90 sentences was most of this
  // function (and a seventh of readme-spam) on a real tree.
  const present = new Set(words);
  const normalised = ` ${prose} `;
  let best: StockMatch | undefined;
  for (const template of STOCK_TEMPLATES) {
    const matched = template.signatures.filter((s) => SIGNATURE_WORDS.get(s)!.every((word) => present.has(word)) && normalised.includes(` ${s} `));
    if (matched.length < requiredMatches(template)) continue;
    const matchedWords = matched.reduce((n, s) => n + SIGNATURE_WORDS.get(s)!.length, 0);
    const coverage = Math.min(1, matchedWords / totalWords);
    if (!best || matched.length > best.matched.length) best = { template: template.id, matched, coverage };
  }
  return best;
}

/**
 * The templates' sentences of six words or more, in template order, with their word counts:
 * counted once, not for every description asked about.
 */
const LONG_SENTENCES = STOCK_TEMPLATES.flatMap((t) => t.signatures.map((sentence) => ({ template: t.id, sentence, words: sentence.split(' ').length }))).filter((s) => s.words >= 6);

/**
 * A short text (a description) that is one of the templates' long sentences, such as
 * "This is a Next.js project bootstrapped with create-next-app": the README's first line copied up.
 */
export function matchStockSentence(text: string): { template: string; sentence: string } | undefined {
  const normalised = normaliseProse(text);
  const wordsInText = normalised === '' ? 0 : normalised.split(' ').length;
  const padded = ` ${normalised} `;
  for (const { template, sentence, words } of LONG_SENTENCES) {
    if (wordsInText <= words * 1.5 + 2 && padded.includes(` ${sentence} `)) return { template, sentence };
  }
  return undefined;
}
