import { describe, expect, it } from 'vitest';
import { readmeSpam, WEIGHTS } from '../../src/detectors/readme-spam/index.js';
import { findLexiconHits, LEXICON, prepareForLexicon } from '../../src/detectors/readme-spam/lexicon.js';
import { matchStockReadme, matchStockSentence } from '../../src/analysis/stock-templates.js';
import {
  CRA_README,
  facts,
  ids,
  level,
  NEXT_APP_MANIFEST,
  run,
  score,
  SEO_SPAM_README_EN,
  SEO_SPAM_README_ES,
  SEO_SPAM_README_ID,
  SEO_SPAM_README_RU,
  VITE_README,
  wormNextApp,
} from './content-fixtures.js';

/** A badge-heavy README with many API doc links, like most popular libraries have. */
const LEGIT_BADGE_README = `# fast-glob-like

[![npm](https://img.shields.io/npm/v/fast-glob-like.svg)](https://www.npmjs.com/package/fast-glob-like)
[![CI](https://github.com/acme/fast-glob-like/actions/workflows/ci.yml/badge.svg)](https://github.com/acme/fast-glob-like/actions)
[![coverage](https://codecov.io/gh/acme/fast-glob-like/branch/main/graph/badge.svg)](https://codecov.io/gh/acme/fast-glob-like)
[![install size](https://packagephobia.com/badge?p=fast-glob-like)](https://packagephobia.com/result?p=fast-glob-like)

> A fast and efficient glob library for Node.js, built on [micromatch](https://github.com/micromatch/micromatch) and [picomatch](https://github.com/micromatch/picomatch).

## Install

\`\`\`sh
npm install fast-glob-like
\`\`\`

## API

### glob(patterns, [options])

Returns a \`Promise\` with an array of matching entries. See [Pattern syntax](https://fast-glob-like.dev/docs/patterns), [Options](https://fast-glob-like.dev/docs/options)
and the [migration guide](https://fast-glob-like.dev/docs/migrate). Patterns follow [Bash globbing](https://www.gnu.org/software/bash/manual/html_node/Pattern-Matching.html)
and [minimatch](https://github.com/isaacs/minimatch) semantics; paths are [POSIX](https://pubs.opengroup.org/onlinepubs/9699919799/) style.

| Option | Default | Docs |
| --- | --- | --- |
| cwd | process.cwd() | [cwd](https://fast-glob-like.dev/docs/options#cwd) |
| deep | Infinity | [deep](https://fast-glob-like.dev/docs/options#deep) |
| dot | false | [dot](https://fast-glob-like.dev/docs/options#dot) |
| ignore | [] | [ignore](https://fast-glob-like.dev/docs/options#ignore) |
| followSymbolicLinks | true | [followSymbolicLinks](https://fast-glob-like.dev/docs/options#follow) |

Works with [Node.js streams](https://nodejs.org/api/stream.html), [AbortSignal](https://developer.mozilla.org/en-US/docs/Web/API/AbortSignal)
and [Deno](https://deno.land). Benchmarks against [node-glob](https://github.com/isaacs/node-glob), [tiny-glob](https://github.com/terkelg/tiny-glob)
and [globby](https://github.com/sindresorhus/globby) are in [bench/](https://github.com/acme/fast-glob-like/tree/main/bench).
Read the [blog post](https://blog.acme.dev/fast-glob) and the discussion on [Hacker News](https://news.ycombinator.com/item?id=1).

## License

[MIT](https://opensource.org/licenses/MIT) © Acme
`;

/** An ESLint plugin README: many links to the tool's own docs site (one unrelated site, repeated). */
const LEGIT_PLUGIN_README = `# eslint-plugin-tidy

Rules that keep imports tidy. Each rule below links to its documentation; the plugin follows the
[ESLint plugin conventions](https://eslint.org/docs/latest/extend/plugins) and works with
[flat config](https://eslint.org/docs/latest/use/configure/configuration-files).

## Installation

You'll first need to install [ESLint](https://eslint.org/docs/latest/use/getting-started):

\`\`\`sh
npm i eslint --save-dev
npm install eslint-plugin-tidy --save-dev
\`\`\`

## Usage

Add \`tidy\` to the plugins section of your configuration file, then configure the rules you want
to use under the rules section. The rules mirror core rules such as
[sort-imports](https://eslint.org/docs/latest/rules/sort-imports),
[no-duplicate-imports](https://eslint.org/docs/latest/rules/no-duplicate-imports) and
[no-restricted-imports](https://eslint.org/docs/latest/rules/no-restricted-imports); they add
autofix and group ordering. Shareable configs are described in the
[configuration guide](https://eslint.org/docs/latest/use/configure/) and
[custom rule tutorial](https://eslint.org/docs/latest/extend/custom-rule-tutorial).
Everything here is explained in the ESLint documentation; we only add what core rules lack, with
a focus on large monorepos where imports drift between packages and between teams over time.
`;

const LEGIT_CHINESE_README = `# vue-lazy-img

一个轻量级的 Vue 3 图片懒加载指令，基于 IntersectionObserver 实现，支持占位图、错误重试和自定义加载动画。

## 安装

\`\`\`bash
npm install vue-lazy-img
\`\`\`

## 使用

\`\`\`js
import { createApp } from 'vue'
import VueLazyImg from 'vue-lazy-img'
createApp(App).use(VueLazyImg, { loading: '/loading.gif' })
\`\`\`

## 配置项

| 参数 | 说明 | 默认值 |
| --- | --- | --- |
| loading | 加载中显示的图片 | 无 |
| error | 加载失败显示的图片 | 无 |
| attempt | 失败后重试次数 | 3 |

详细文档请见 [项目主页](https://github.com/zhangsan/vue-lazy-img)。欢迎提交 Issue 和 PR！
`;

const LEGIT_JAPANESE_README = `# kana-convert

ひらがなとカタカナを相互に変換する小さなライブラリです。全角・半角の変換にも対応しています。

## インストール

\`\`\`
npm install kana-convert
\`\`\`

## 使い方

\`\`\`js
const { toKatakana } = require('kana-convert');
toKatakana('ひらがな'); // => 'ヒラガナ'
\`\`\`

詳しくは [ドキュメント](https://kana-convert.js.org/) をご覧ください。ライセンスは MIT です。
`;

const LEGIT_RUSSIAN_README = `# ru-plural

Склонение существительных после числительных для русского языка: «1 файл», «2 файла», «5 файлов».
Библиотека не имеет зависимостей и работает в браузере и в Node.js.

## Установка

\`\`\`
npm install ru-plural
\`\`\`

## Использование

\`\`\`js
import plural from 'ru-plural';
plural(5, ['файл', 'файла', 'файлов']); // 'файлов'
\`\`\`

Смотрите также [документацию](https://github.com/ivanov/ru-plural#readme) и примеры в репозитории. Бесплатно для любого использования (MIT).
`;

/** A card-game engine README that names gambling words a few times: one topic, low density. */
const LEGIT_CARD_GAME_README = `# poker-hand-eval

Evaluate poker hands fast. Used by online poker simulators and a casino games course at a university to teach probability.
The evaluator ranks 7-card hands in under a microsecond using a perfect hash, and ships TypeScript types.

## Usage

\`\`\`js
import { evaluate } from 'poker-hand-eval';
evaluate(['As', 'Ks', 'Qs', 'Js', 'Ts', '2d', '3c']); // { rank: 1, name: 'Royal Flush' }
\`\`\`

It is not meant for real-money betting; see the license for details. Benchmarks compare it with other evaluators
on a million random hands. Contributions that speed up the table generation are welcome.
`;

const repo = { repository: { type: 'git', url: 'git+https://github.com/acme/fast-glob-like.git' }, homepage: 'https://fast-glob-like.dev' };

describe('readme-spam: SEO spam in several languages', () => {
  it.each([
    ['en', 'watch-oppenheimer-2023-full-movie-online-free', SEO_SPAM_README_EN, 'Watch Oppenheimer (2023) Full Movie Online Free HD streaming'],
    ['id', 'slot-gacor-hari-ini-maxwin', SEO_SPAM_README_ID, 'Situs slot gacor hari ini gampang maxwin'],
    ['es/pt', 'ver-oppenheimer-pelicula-completa', SEO_SPAM_README_ES, 'Ver Oppenheimer película completa online gratis'],
    ['ru', 'smotret-oppenheimer-online', SEO_SPAM_README_RU, 'Смотреть Оппенгеймер онлайн бесплатно'],
  ])('puts %s SEO spam at high from this detector alone', (_lang, name, readme, description) => {
    const r = run(readmeSpam, facts(name, { 'README.md': readme }, { manifest: { description } }));
    expect(ids(r)).toContain('spamVocabulary');
    expect(ids(r)).toContain('linkFarm');
    expect(level(r), JSON.stringify(r.findings.map((f) => [f.messageId, f.weight]))).toMatch(/high|critical/);
  });

  it('puts the evidence a reviewer needs in the vocabulary finding: phrases, categories, density', () => {
    const r = run(readmeSpam, facts('slot-gacor', { 'README.md': SEO_SPAM_README_ID }));
    const vocab = r.findings.find((f) => f.messageId === 'spamVocabulary')!;
    expect(vocab.evidence.categories).toEqual(expect.arrayContaining(['gambling', 'contact']));
    expect(vocab.evidence.phrases).toEqual(expect.arrayContaining(['slot gacor', 'maxwin']));
    expect(vocab.evidence.per100Words).toBeGreaterThan(3);
    expect(vocab.evidence.file).toBe('README.md');
  });

  it('reports link-farm counts, shorteners and the repeated target', () => {
    const r = run(readmeSpam, facts('watch-x', { 'README.md': SEO_SPAM_README_EN }));
    const farm = r.findings.find((f) => f.messageId === 'linkFarm')!;
    expect(farm.evidence.maxRepeatOfOneUrl).toBe(3);
    expect(farm.evidence.sites).toContain('moviesflixhd.xyz ×5');
    const short = r.findings.find((f) => f.messageId === 'shorteners')!;
    expect(short.weight).toBe(WEIGHTS.shortenersMany);
    expect(short.evidence.links).toEqual(['https://bit.ly/3xOpp23', 'https://cutt.ly/opp-full']);
  });

  it('judges the description and keywords even when the tarball (README) is unavailable', () => {
    const f = facts('free-robux-generator-2025', {}, { manifest: { description: 'Free robux generator 2025 no human verification - unlimited robux, free robux codes', keywords: ['free robux', 'robux generator', 'free v-bucks'] } });
    delete f.files;
    const r = run(readmeSpam, f);
    expect(ids(r)).toEqual(['spamVocabulary']);
    expect(r.findings[0]!.evidence.field).toBe('description');
    expect(r.unavailable?.[0]?.signal).toBe('README');
  });

  it('strips terminal escapes hidden in spam text before they reach evidence', () => {
    const readme = SEO_SPAM_README_EN.replace('Watch Oppenheimer (2023)', 'Watch \u001b]8;;https://evil\u0007Oppenheimer\u001b]8;;\u0007 \u202e(2023)');
    const r = run(readmeSpam, facts('watch-x', { 'README.md': readme }));
    const json = JSON.stringify(r);
    expect(json).not.toMatch(/[\u001b\u0007\u202e]/);
  });
});

/**
 * SEO spam in the scripts and trades the first lexicon was not written from (Chinese and Korean
 * gambling, Thai slots, Indian matka, Japanese anime piracy, Arabic match streams) and in the
 * English trades of 2023-2025 npm spam (customer-service phone scams, account "hacks", follower and
 * money generators, instant loans). Each ships a stub index.js, so no other detector carries it.
 */
const site = 'https://promo-hub.example.com';
const SPAM_BEYOND_FIRST_LEXICON: [string, string, string][] = [
  ['zh gambling', '澳门娱乐城官网', `# 澳门娱乐城【官方网站】\n\n澳门娱乐城官网，网上赌场。百家乐、真人娱乐、体育投注、老虎机、六合彩。\n注册送彩金，首存优惠。[立即注册](${site}/cn) [百家乐](${site}/bjl)\n\n澳门娱乐城 | 网上百家乐 | 博彩网站 | 加微信 客服\n`],
  ['ko toto', '토토사이트 추천', `# 토토사이트 추천 — 먹튀검증 안전놀이터\n\n메이저 토토사이트 추천. 먹튀검증 완료된 안전놀이터. 카지노사이트, 바카라사이트, 파워볼.\n[토토사이트](${site}/toto) [카지노사이트](${site}/casino)\n\n먹튀 없는 메이저 놀이터 토토사이트 추천.\n`],
  ['th slots', 'สล็อตเว็บตรง', `# สล็อตเว็บตรง แตกง่าย\n\nสล็อตเว็บตรง ไม่ผ่านเอเย่นต์ เครดิตฟรี บาคาร่าออนไลน์ แทงบอลออนไลน์\n[สมัครสล็อต](${site}/th) [บาคาร่า](${site}/bac)\n\nสล็อต pg เว็บตรง เครดิตฟรี\n`],
  ['matka', 'Kalyan Matka result today', `# Satta Matka Kalyan Result Today\n\nFastest Kalyan Matka result, Satta Matka live, DPBoss matka guessing and Kalyan chart. Satta King result.\n[Kalyan Matka Result](${site}/kalyan) [DPBoss](${site}/dpboss)\n\nKalyan panel chart, matka tips, satta matka 143.\n`],
  ['ja anime', '呪術廻戦 無料動画 全話視聴', `# 呪術廻戦 アニメ 無料動画 全話視聴\n\n呪術廻戦を無料で全話視聴する方法。見逃し配信を比較。フル動画を今すぐ無料で見る。\n[無料で見る](${site}/jjk) [全話視聴](${site}/all)\n\nアニメ 無料動画 サイト。\n`],
  ['ar streams', 'يلا شوت بث مباشر', `# يلا شوت — بث مباشر\n\nمشاهدة مباريات اليوم بث مباشر. يلا شوت، كورة لايف، بث مباشر الدوري.\n[بث مباشر](${site}/kora) [مباريات اليوم](${site}/today)\n\nيلا شوت حصري، كورة لايف، مشاهدة مباراة بث مباشر.\n`],
  ['support scam', 'Coinbase customer service number', `# Coinbase Customer Service Number ☎️ +1-(888)-555-0147\n\nCall the Coinbase customer service number +1-(888)-555-0147 (toll-free number, 24/7). The Coinbase support phone number reaches a live agent.\nDial the helpline number 📞 +1 888 555 0147. Coinbase customer care number: +1 888 555 0147.\n[Call now](${site}/coinbase)\n`],
  ['account hack', 'Hack Instagram account free', `# Hack Instagram Account (Free, Online)\n\nHow to hack an Instagram account? Our Instagram hacker lets you hack any Instagram account. Also hack Facebook account, hack WhatsApp messages, spy on Snapchat.\n[HACK NOW](${site}/ig) [Facebook hack](${site}/fb)\n`],
  ['followers', 'Free TikTok followers generator', `# Free TikTok Followers\n\nGet free TikTok followers and free TikTok likes. Our followers generator adds free Instagram followers and free YouTube subscribers. Buy TikTok followers cheap.\n[GET FREE FOLLOWERS](${site}/tt) [Free likes](${site}/likes)\n`],
  ['free money', 'Cash App money generator', `# Cash App Money Generator\n\nGet free money on Cash App. Our Cash App money generator and PayPal money adder send $750. Cash App glitch, free PayPal money, Venmo free money.\n[Claim now](${site}/cash) [PayPal money adder](${site}/pp)\n`],
  ['loans', 'Pinjol cepat cair tanpa BI checking', `# Pinjol Cepat Cair\n\nPinjaman online cepat cair, pinjaman tanpa jaminan, tanpa BI checking. Pinjol legal terbaru, dana cepat cair.\n[Pinjol Cepat Cair](${site}/pinjol) [Pinjaman Online](${site}/kta)\n\nPinjol cepat cair, pinjaman online langsung cair.\n`],
];

describe('readme-spam: SEO spam beyond the first lexicon (other scripts, other trades)', () => {
  it.each(SPAM_BEYOND_FIRST_LEXICON)('puts %s spam with a stub index.js at medium or above from this detector alone', (_what, description, readme) => {
    const r = run(readmeSpam, facts('seo-package', { 'README.md': readme, 'index.js': "console.log('hello');\n" }, { manifest: { description } }));
    expect(ids(r)).toContain('spamVocabulary');
    expect(level(r), JSON.stringify(r.findings.map((f) => [f.messageId, f.weight]))).toMatch(/medium|high|critical/);
  });

  it('leaves technical READMEs in those scripts, and a phone library naming toll-free numbers once, without vocabulary', () => {
    const readmes = [
      '# ko-sports\n\nK리그 경기 일정을 조회하는 라이브러리입니다. 코드 놀이터에서 예제를 실행해 보세요.\n\n```js\nawait schedule("kbo")\n```\n',
      '# th-date\n\nไลบรารีนี้ช่วยแปลงวันที่เป็นภาษาไทย ติดตั้งด้วย npm install th-date\n',
      '# ar-date\n\nمكتبة لتحليل التواريخ الهجرية. التثبيت عبر npm.\n',
      '# zh-color\n\n本项目支持彩色终端输出，适用于 Node.js 命令行工具。\n',
      '# ja-util\n\nこのライブラリは無料で使えます。動画のメタデータを読み取ります。MIT ライセンス。\n',
      '# phone-kit\n\nParse and format phone numbers. `type()` tells a mobile, fixed-line or toll-free number apart. Our customer support team answers issues on GitHub; follow us on Twitter.\n',
    ];
    for (const readme of readmes) {
      const r = run(readmeSpam, facts('lib', { 'README.md': readme, 'index.js': 'module.exports = 1;\n' }));
      expect(ids(r), readme).not.toContain('spamVocabulary');
    }
  });
});

describe('readme-spam: farms that dress up as the package', () => {
  const FR = `# V-Bucks Gratuit Générateur 2025

Obtenez des V-Bucks gratuits en 2 minutes ! Générateur de v-bucks sans vérification humaine, codes mis à jour chaque jour.

🎁 https://vbucks-free.example-farm.fr/claim
🎁 https://vbucks-free.example-farm.fr/go
🎁 https://codes-fortnite.win/claim/wkhiyt
🎁 https://vbucks-free.example-farm.fr/r
🎁 https://codes-fortnite.win/go/ytfqzg

v bucks gratuit, générateur v bucks, code v bucks gratuit, fortnite v bucks free`;

  it('does not let a homepage pointing at the farm whitelist the farm (French sample at high)', () => {
    const r = run(readmeSpam, facts('v-bucks-gratuit-2025', { README: FR }, { manifest: { homepage: 'https://vbucks-free.example-farm.fr/claim' } }));
    expect(ids(r)).toEqual(expect.arrayContaining(['linkFarm', 'spamLinks', 'spamVocabulary']));
    expect(level(r)).toMatch(/high|critical/);
  });

  it('catches a Vietnamese streaming farm of bare links', () => {
    const vi = `# Xem Phim Trực Tuyến Miễn Phí Vietsub\n\nXem phim trực tuyến miễn phí, phim vietsub, phim thuyết minh chất lượng cao.\n\n${Array.from({ length: 8 }, (_, i) => `- https://xemphim-farm.example/go/${i}`).join('\n')}\n\nxem phim, phim hay, phim vietsub, xem phim online`;
    const r = run(readmeSpam, facts('xem-phim-hd-2025', { 'README.md': vi }));
    expect(r.findings.find((f) => f.messageId === 'spamVocabulary')?.evidence.languages).toContain('vi');
    expect(level(r)).toMatch(/high|critical/);
  });

  it('counts one phrase hammered at high density (a "free spins" link list)', () => {
    const lines = Array.from({ length: 8 }, (_, i) => `[${i + 1}] 50 spins: https://spins-farm.example/c/${i % 3}`).join('\n');
    const r = run(readmeSpam, facts('daily-free-spins-links', { 'README.md': `# Free Spins Links Today\n\nFree spins and coins, today's links.\n\n${lines}\n\nfree spins daily, free spins links` }, { manifest: { description: 'free spins and coins links today, updated daily' } }));
    expect(r.findings.find((f) => f.messageId === 'spamVocabulary')?.evidence.distinctPhrases).toBe(1);
    expect(level(r)).toMatch(/high|critical/);
  });

  it('trusts a homepage named after the repository owner (project docs linked twenty times)', () => {
    const docs = Array.from({ length: 20 }, (_, i) => `- [topic ${i}](https://reqkit.dev/docs/topic-${i})`).join('\n');
    const readme = `# http-request-kit\n\nPromise-based HTTP client for Node.js and the browser with interceptors, retries and typed responses.\n\n## Documentation\n\n${docs}\n`;
    const manifest = { homepage: 'https://reqkit.dev', repository: { type: 'git', url: 'git+https://github.com/reqkit/http-request-kit.git' } };
    const r = run(readmeSpam, facts('http-request-kit', { 'README.md': readme }, { manifest }));
    expect(r.findings).toEqual([]);
    // Without the repository naming its owner, the same page is a farm of one unknown site.
    expect(ids(run(readmeSpam, facts('http-request-kit', { 'README.md': readme.replace(/reqkit\.dev/g, 'farm-site.example') })))).toContain('linkFarm');
  });
});

describe('readme-spam: stock template READMEs', () => {
  it('puts an IndonesianFoods worm package (create-next-app README, template description) at medium or above', () => {
    const r = run(readmeSpam, facts('agus-telurtahu57-rudi0x', wormNextApp('agus-telurtahu57-rudi0x'), { manifest: { ...NEXT_APP_MANIFEST, description: 'This is a Next.js project bootstrapped with create-next-app' } }));
    expect(ids(r)).toEqual(expect.arrayContaining(['stockReadme', 'stockDescription']));
    expect(r.findings.find((f) => f.messageId === 'stockReadme')!.evidence.template).toBe('create-next-app');
    expect(level(r)).toMatch(/medium|high|critical/);
  });

  it('matches by fingerprint: reordered sections, another package manager line and version numbers do not hide it', () => {
    const edited = CRA_README.replace('npm start', 'yarn start').replace('## Learn More', '## Learn More (v5.0.1)').split('\n## ').reverse().join('\n## ');
    expect(matchStockReadme(edited)?.template).toBe('create-react-app');
    expect(matchStockReadme(VITE_README)?.template).toBe('vite');
  });

  it('does not match a real README that only mentions the frameworks', () => {
    expect(matchStockReadme('# next-auth-helper\n\nHelpers for Next.js apps. Run the development server with `next dev` and open the page in your browser.')).toBeUndefined();
    expect(matchStockReadme(LEGIT_BADGE_README)).toBeUndefined();
  });

  it('calls a README that kept a template section but added real docs only edited (low)', () => {
    const docs = Array.from({ length: 30 }, (_, i) => `The widget option number ${i} controls how the grid component lays out cells in rows and columns.`).join('\n');
    const r = run(readmeSpam, facts('grid-widget', { 'README.md': `# grid-widget\n\n${docs}\n\n${CRA_README}` }));
    expect(ids(r)).toEqual(['stockReadmeEdited']);
    expect(score(r)).toBeLessThan(40);
  });

  it('recognises the stock first line copied into a description, and nothing longer', () => {
    expect(matchStockSentence('This is a Next.js project bootstrapped with create-next-app')?.template).toBe('create-next-app');
    expect(matchStockSentence('A Next.js plugin. Unlike a project bootstrapped with create-next-app, this adds image optimisation, caching, edge middleware and more.')).toBeUndefined();
  });

  it('flags an empty README and a README that is only the name, lightly', () => {
    const empty = run(readmeSpam, facts('pkg-a', { 'README.md': '\n  \n' }));
    expect(ids(empty)).toEqual(['readmeEmpty']);
    const nameOnly = run(readmeSpam, facts('@scope/pkg-b', { 'README.md': '# pkg-b\n' }));
    expect(ids(nameOnly)).toEqual(['readmeNameOnly']);
    expect(score(nameOnly)).toBeLessThan(40);
  });
});

describe('readme-spam: legitimate READMEs stay low', () => {
  it.each([
    ['badge- and link-heavy API docs', 'fast-glob-like', LEGIT_BADGE_README, repo],
    ['plugin linking to the tool docs', 'eslint-plugin-tidy', LEGIT_PLUGIN_README, {}],
    ['Chinese', 'vue-lazy-img', LEGIT_CHINESE_README, {}],
    ['Japanese', 'kana-convert', LEGIT_JAPANESE_README, {}],
    ['Russian', 'ru-plural', LEGIT_RUSSIAN_README, {}],
    ['card game engine mentioning casino and betting', 'poker-hand-eval', LEGIT_CARD_GAME_README, {}],
    ['very short', 'tiny-thing', '# tiny-thing\n\nReturns the first element of an array.\n', {}],
  ])('%s', (_label, name, readme, manifest) => {
    const r = run(readmeSpam, facts(name, { 'README.md': readme }, { manifest: manifest as Record<string, unknown> }));
    expect(r.findings, JSON.stringify(r.findings)).toEqual([]);
  });

  it('a package without any README gets nothing (absence is common and not spam)', () => {
    const r = run(readmeSpam, facts('no-readme', { 'index.js': 'module.exports = 1' }));
    expect(r.findings).toEqual([]);
  });
});

describe('readme-spam: mismatch and keyword stuffing', () => {
  it('flags a substantial README that is about another project', () => {
    const other = `# Lodash\n\nA modern JavaScript utility library delivering modularity, performance and extras. It makes working with arrays, numbers, objects and strings easier by taking the hassle out of working with them. Iterating arrays, objects and strings; manipulating and testing values; creating composite functions.`;
    const r = run(readmeSpam, facts('gravity-pm2-cosmiconfig-cli', { 'README.md': other }));
    const finding = r.findings.find((f) => f.messageId === 'mismatch')!;
    expect(finding.data?.titleNote).toContain('Lodash');
    expect(finding.weight).toBe(WEIGHTS.mismatch);
  });

  it('accepts a README whose title names a sibling of the same family (typed-array-byte-length titled typed-array-byte-offset)', () => {
    const body = 'Robustly get the byte offset of a Typed Array, or false if it is not a Typed Array. Works cross-realm, in every engine, even if the byteOffset property is overridden. Install it with npm and call it with any value; it never throws and returns a number for every kind of typed array there is.';
    const r = run(readmeSpam, facts('typed-array-byte-length', { 'README.md': `# typed-array-byte-offset <sup>[![Version Badge][v]][p]</sup>\n\n${body}\n` }));
    expect(ids(r)).not.toContain('mismatch');
    // A title two words away is another project.
    const far = run(readmeSpam, facts('typed-array-byte-length', { 'README.md': `# typed-object-byte-offset\n\n${body}\n` }));
    expect(ids(far)).toContain('mismatch');
  });

  it('accepts a short name whose words all appear (spdx-exceptions → "SPDX license exceptions"), but not for long keyword-chain names', () => {
    const text = 'A list of SPDX license exception identifiers, from the official list maintained by the Linux Foundation. Each entry is an exception to a license, such as the GCC runtime library exception or the Classpath exception, and the data is published as JSON.';
    expect(run(readmeSpam, facts('spdx-exceptions-like', { 'README.md': text.replace('SPDX', 'SPDX exceptions like') })).findings).toEqual([]);
    expect(ids(run(readmeSpam, facts('spdx-license-exception-identifiers-official-list-json', { 'README.md': text })))).toContain('mismatch');
  });

  it('accepts a mention of the bin, the scope or the repository name', () => {
    const text = 'This is the Linux 64-bit binary for esbuild, a JavaScript bundler and minifier. See the main repository for details on how the platform packages are chosen at install time and why they exist at all in the first place.';
    const r = run(readmeSpam, facts('@esbuild/linux-x64', { 'README.md': `# esbuild\n\n${text}` }));
    expect(r.findings).toEqual([]);
  });

  it('flags dozens of unrelated or repeated keywords, not a long related list', () => {
    const spamKeywords = ['full movie', 'watch online free', 'free spins', 'online casino', 'free robux', 'essay writing service', ...Array.from({ length: 18 }, (_, i) => `tag${i}`)];
    const r = run(readmeSpam, facts('abc-helper', { 'README.md': '# abc-helper\n\nFormats dates.' }, { manifest: { description: 'Formats dates', keywords: spamKeywords } }));
    expect(r.findings.find((f) => f.messageId === 'keywordStuffing')?.evidence.spamKeywordHits).toBeGreaterThanOrEqual(3);

    const repeated = [...Array.from({ length: 8 }, () => 'abc-helper'), ...Array.from({ length: 16 }, (_, i) => `date${i}`)];
    const rep = run(readmeSpam, facts('abc-helper', { 'README.md': '# abc-helper\n\nFormats dates.' }, { manifest: { description: 'Formats dates', keywords: repeated } }));
    expect(rep.findings.find((f) => f.messageId === 'keywordStuffing')?.evidence.duplicateKeywords).toBe(7);

    // Synonym lists the README never uses (ansi-regex style) are not stuffing.
    const synonyms = ['ansi', 'styles', 'color', 'colour', 'colors', 'terminal', 'console', 'cli', 'string', 'tty', 'escape', 'formatting', 'rgb', '256', 'shell', 'xterm', 'command-line', 'text', 'regex', 'regexp', 're', 'match', 'test', 'find', 'pattern'];
    const quiet = run(readmeSpam, facts('ansi-regex-like', { 'README.md': '# ansi-regex-like\n\n> Regular expression for matching ANSI escape codes' }, { manifest: { description: 'Regular expression for matching ANSI escape codes', keywords: synonyms } }));
    expect(ids(quiet)).not.toContain('keywordStuffing');

    const related = ['date', 'time', 'format', 'parse', 'timezone', 'locale', 'calendar', 'duration', 'interval', 'iso', 'utc', 'week', 'month', 'year', 'day', 'hour', 'minute', 'second', 'relative', 'dates', 'formatting', 'parsing'];
    const readme = `# date-kit\n\nParse, format and compare dates: timezone and locale aware, ISO and UTC helpers, calendar week, month, year, day, hour, minute and second arithmetic, relative time, duration and interval formatting and parsing.`;
    const ok = run(readmeSpam, facts('date-kit', { 'README.md': readme }, { manifest: { description: 'Date and time formatting', keywords: related } }));
    expect(ids(ok)).not.toContain('keywordStuffing');
  });
});

describe('lexicon', () => {
  it('covers at least three languages and every spam family of the issue', () => {
    const languages = new Set(LEXICON.flatMap((e) => e.languages));
    expect(languages.size).toBeGreaterThanOrEqual(3);
    const categories = new Set(LEXICON.map((e) => e.category));
    for (const c of ['streaming', 'gambling', 'essay-service', 'game-currency', 'warez', 'adult', 'crypto-scam', 'contact']) expect(categories).toContain(c);
  });

  it('has unique ids and every entry matches its own example', () => {
    expect(new Set(LEXICON.map((e) => e.id)).size).toBe(LEXICON.length);
    for (const entry of LEXICON) {
      const hits = findLexiconHits(prepareForLexicon(entry.example)).filter((h) => h.entry.id === entry.id);
      expect(hits.length, `${entry.id}: ${entry.example}`).toBeGreaterThan(0);
    }
  });

  it('finds exactly what running every entry over the text finds (the one-pass check only skips texts none can match)', () => {
    const everyEntry = (text: string) =>
      LEXICON.flatMap((entry) => [...text.matchAll(new RegExp(entry.pattern.source, `${entry.pattern.flags.replace('g', '')}g`))].filter((m) => m[0].trim() !== '' && (!entry.accept || entry.accept(m[0]))).map((m) => `${entry.id}@${m.index}:${m[0]}`)).sort();
    const found = (text: string) => findLexiconHits(text).map((h) => `${h.entry.id}@${h.index}:${h.text}`).sort();
    const texts = [
      ...LEXICON.map((e) => prepareForLexicon(`intro text. ${e.example} and more.`)),
      prepareForLexicon(LEXICON.map((e) => e.example).join('\n')),
      prepareForLexicon(LEGIT_BADGE_README),
      prepareForLexicon('a parser for dates, with no spam at all'),
    ];
    for (const text of texts) expect(found(text)).toEqual(everyEntry(text));
    expect(found(texts[texts.length - 1]!)).toEqual([]);
  });

  it('finds nothing in ordinary technical prose', () => {
    const prose = [
      LEGIT_BADGE_README,
      LEGIT_PLUGIN_README,
      LEGIT_CHINESE_README,
      LEGIT_JAPANESE_README,
      LEGIT_RUSSIAN_README,
      'Watch mode: run `tsc --watch` to rebuild on change. Download the binary from the releases page. This software is free and open source.',
      'Decode a JWT without verification. The license key is read from LICENSE_KEY. Call the API with retries.',
      'Stream large files with backpressure. Supports HD video metadata. Full version history in CHANGELOG.',
      'Contact: 2019-2020 maintainers. Version 1.2.3-beta.4 released 2024-01-01.',
      'Generate a PDF download link. Apply a JSON patch key by key. Live cam preview for WebRTC. 4K video player with adaptive bitrate.',
    ].join('\n');
    expect(findLexiconHits(prepareForLexicon(prose)).map((h) => `${h.entry.id}: ${h.text}`)).toEqual([]);
  });

  it('finds the same hits however often it is asked and whatever it was asked before (the patterns are shared)', () => {
    const long = prepareForLexicon(`${'Stream large files with backpressure. '.repeat(40)}free robux generator, watch movies online free at 123movies`);
    const short = prepareForLexicon('free robux');
    const first = findLexiconHits(long).map((h) => `${h.entry.id}@${h.index}`);
    expect(first.length).toBeGreaterThan(1);
    // A pattern left where the long text's last match ended would start past the short text's only match.
    expect(findLexiconHits(short).map((h) => `${h.entry.id}@${h.index}`)).toEqual(['free-game-currency@0']);
    expect(findLexiconHits(long).map((h) => `${h.entry.id}@${h.index}`)).toEqual(first);
  });

  it('finds phone numbers after messenger names but not dates', () => {
    expect(findLexiconHits(prepareForLexicon('WA 0812 3456 7890')).map((h) => h.entry.id)).toEqual(['messenger-number']);
    expect(findLexiconHits(prepareForLexicon('contact 2019-2020'))).toEqual([]);
  });
});

describe('readme-spam: sponsor walls are the project thanking its funders, not a link farm', () => {
  const prose = Array.from({ length: 12 }, (_, i) => `Section ${i}: restart-watch restarts your node application when files in the directory change. It reads a config file, watches extensions you list, ignores paths you name and delays restarts on request.`).join('\n\n');
  const logo = (i: number, title: string, host: string) =>
    `<a title='${title}' data-id='${1000 + i}' data-tier='1' href='https://${host}/'><img alt='${title}' src='https://opencollective-production.s3.amazonaws.com/${i}.png' height='120'></a>`;
  const titles = ['Best online casinos not on GamStop', 'Online casino bonus', 'Sports betting tips and bookmaker reviews', 'No deposit bonus codes and free spins', 'Online casino games', 'Casino sites reviewed'];
  const wall = Array.from({ length: 30 }, (_, i) => logo(i, titles[i % titles.length]!, `casino-site-${i % 4}.example`)).join('\n');

  it('a long technical README with a casino-heavy Open Collective sponsors section stays quiet (nodemon)', () => {
    const readme = `# restart-watch\n\n${prose}\n\n## Backers\n\nThank you to all [our backers](https://opencollective.com/restart-watch#backer)!\n\n## Sponsors\n\n<div>${wall}\n</div>\n\n# License\n\nMIT\n`;
    const r = run(readmeSpam, facts('restart-watch', { 'README.md': readme }));
    expect(r.findings, JSON.stringify(r.findings.map((f) => [f.messageId, f.weight]))).toEqual([]);
  });

  it('a "Sponsors" heading over a farm with little prose of its own is still judged whole', () => {
    const readme = `# casino-helper\n\nBest casino helper.\n\n## Sponsors\n\n${wall}\n`;
    const r = run(readmeSpam, facts('casino-helper', { 'README.md': readme }));
    expect(ids(r)).toContain('spamVocabulary');
  });

  it('spam in the README outside the sponsor section is still spam', () => {
    const readme = `${SEO_SPAM_README_ID}\n\n${prose}\n\n## Sponsors\n\n${wall}\n`;
    const r = run(readmeSpam, facts('slot-gacor-x', { 'README.md': readme }));
    expect(ids(r)).toContain('spamVocabulary');
  });
});
