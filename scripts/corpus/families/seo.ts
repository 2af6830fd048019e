/**
 * SEO spam: packages with no code whose README and description are link farms, under long
 * keyword-chain names. Varied across languages (English, Indonesian, Spanish, Portuguese, French,
 * Vietnamese, Turkish, Russian) and lures (movies, slots, essays, game currency), link styles (markdown, bare URLs,
 * HTML anchors) and domains.
 */
import type { FixtureFile } from '../../../test/support/package-fixture.js';
import { type CorpusEntry, type FamilyOutput, HOUR_MS, MINUTE_MS, type Rng, ago, at, person, version } from '../kit.js';

interface Lure {
  name: string;
  title: string;
  description: string;
  /** Paragraph builder; gets the link list. */
  body: (links: string[], rng: Rng) => string;
  domains: string[];
}

const LURES: Lure[] = [
  {
    name: 'watch-the-silent-harbor-2025-full-movie-online-free-hd-streaming',
    title: 'Watch The Silent Harbor (2025) Full Movie Online Free HD',
    description: 'The Silent Harbor 2025 full movie free online streaming HD 1080p download watch now',
    body: (links) => `Watch The Silent Harbor (2025) FullMovie Online Free! Streaming The Silent Harbor in HD 720p, 1080p with English subtitles.\n\n${links.map((l) => `▶️ WATCH NOW 👉 [${l}](${l})`).join('\n\n')}\n\nThe Silent Harbor full movie, The Silent Harbor online free, The Silent Harbor 123movies, The Silent Harbor putlocker, The Silent Harbor reddit, The Silent Harbor streaming, The Silent Harbor download.\n`,
    domains: ['moviesflixhd.site', 'stream4k-now.xyz', 'cinemafree24.online'],
  },
  {
    name: 'nonton-midnight-orchard-2025-sub-indo-full-movie-gratis-lk21',
    title: 'Nonton Midnight Orchard (2025) Sub Indo Full Movie',
    description: 'Nonton film Midnight Orchard 2025 sub indo full movie gratis kualitas HD lk21 rebahin',
    body: (links) => `Nonton Film Midnight Orchard (2025) Sub Indo Full Movie Gratis. Streaming dan download film terbaru kualitas HD.\n\n${links.map((l) => `<a href="${l}">KLIK DISINI UNTUK NONTON</a>`).join('<br>\n')}\n\nnonton midnight orchard, film midnight orchard sub indo, download midnight orchard, midnight orchard lk21, midnight orchard rebahin, midnight orchard indoxxi\n`,
    domains: ['nontonfilm88.top', 'rebahin21.click', 'lk21-terbaru.site'],
  },
  {
    name: 'ver-iron-tides-3-pelicula-completa-en-espanol-latino-gratis-online',
    title: 'Ver Iron Tides 3 Película Completa en Español Latino',
    description: '¡Ver Iron Tides 3 (2025) película completa online gratis en español latino HD! cuevana pelisplus',
    body: (links) => `¡Ver Iron Tides 3 (2025) Película Completa Online Gratis en Español y Latino!\n\n${links.map((l) => `➡️ ${l}`).join('\n')}\n\nVer Iron Tides 3 online, Iron Tides 3 pelicula completa, Iron Tides 3 cuevana, Iron Tides 3 pelisplus, descargar Iron Tides 3 gratis, Iron Tides 3 estreno.\n`,
    domains: ['pelisplus-hd.lat', 'cuevana-ver.vip'],
  },
  {
    name: 'assistir-glass-kingdom-filme-completo-dublado-gratis-online-hd',
    title: 'Assistir Glass Kingdom Filme Completo Dublado',
    description: 'Assistir Glass Kingdom (2025) filme completo dublado e legendado grátis online em HD',
    body: (links) => `Assistir Glass Kingdom (2025) Filme Completo Dublado Online Grátis\n\n${links.map((l) => `* [ASSISTIR AGORA](${l})`).join('\n')}\n\nGlass Kingdom filme completo, Glass Kingdom dublado, Glass Kingdom legendado, Glass Kingdom download torrent, Glass Kingdom assistir online.\n`,
    domains: ['filmesonline-br.fun', 'assistirhd.top'],
  },
  {
    name: 'situs-slot-gacor-hari-ini-maxwin-link-daftar-slot88-terpercaya',
    title: 'Situs Slot Gacor Hari Ini Gampang Maxwin',
    description: 'slot gacor hari ini, link slot88 terpercaya, daftar situs slot online gampang menang maxwin',
    body: (links) => `# SLOT GACOR HARI INI 🔥 LINK DAFTAR SLOT88 GAMPANG MAXWIN\n\nSitus slot online terpercaya dengan RTP live tertinggi, deposit pulsa tanpa potongan, bonus new member 100%.\n\n${links.map((l) => `🎰 DAFTAR: ${l}`).join('\n')}\n\nslot gacor, slot88, situs slot, rtp slot, slot maxwin, slot deposit dana, judi online, bandar togel, slot thailand\n`,
    domains: ['gacor-maxwin88.com', 'slot88resmi.vip', 'rtp-live-tinggi.xyz', 'daftar-slotku.net'],
  },
  {
    name: 'cheap-essay-writing-service-online-best-paper-writers-fast-delivery',
    title: 'Cheap Essay Writing Service — Best Paper Writers',
    description: 'Best essay writing service online. Cheap custom essays, research papers and homework help by expert writers.',
    body: (links) => `## Need an essay written fast? Our expert writers are ready 24/7!\n\nPlagiarism-free custom essays, term papers, dissertations. Order now and get 20% off your first paper.\n\n${links.map((l, i) => `${i + 1}. Order here: ${l}`).join('\n')}\n\nessay writing service, write my essay, pay for essay, cheap essays, buy research paper, homework help, dissertation writing, college essay help\n`,
    domains: ['essaypro-writers.org', 'paperhelp-cheap.com'],
  },
  {
    name: 'free-robux-generator-2025-no-human-verification-working-daily',
    title: 'FREE ROBUX GENERATOR 2025 — No Human Verification',
    description: 'free robux generator 2025 no human verification no survey working daily unlimited robux',
    body: (links) => `### 💰 Free Robux Generator 2025 (UPDATED DAILY) 💰\n\nGet unlimited free robux instantly! No human verification, no survey, 100% working.\n\n${links.map((l) => `👉👉 [CLAIM FREE ROBUX HERE](${l}) 👈👈`).join('\n\n')}\n\nfree robux, robux generator, free robux no verification, how to get free robux, robux codes, free robux 2025\n`,
    domains: ['rbx-claim.today', 'freerbx-gen.club'],
  },
  {
    name: 'v-bucks-gratuit-generateur-fortnite-sans-verification-2025',
    title: 'V-Bucks Gratuit Générateur 2025',
    description: 'générateur de v-bucks gratuit fortnite sans vérification humaine 2025 codes gratuits',
    body: (links) => `# V-Bucks Gratuit 2025 — Générateur Sans Vérification\n\nObtenez des V-Bucks gratuits en 2 minutes ! Codes mis à jour chaque jour.\n\n${links.map((l) => `🎁 ${l}`).join('\n')}\n\nv bucks gratuit, générateur v bucks, code v bucks gratuit, fortnite v bucks free\n`,
    domains: ['vbucks-gratuit.fr.gd', 'codes-fortnite.win'],
  },
  {
    name: 'xem-phim-truc-tuyen-mien-phi-vietsub-hd-moi-nhat-2025',
    title: 'Xem Phim Trực Tuyến Miễn Phí Vietsub',
    description: 'xem phim online miễn phí vietsub thuyết minh chất lượng HD phim mới nhất 2025',
    body: (links) => `Xem phim trực tuyến miễn phí, phim vietsub, phim thuyết minh chất lượng cao.\n\n${links.map((l) => `- ${l}`).join('\n')}\n\nxem phim, phim hay, phim moi, phim vietsub, phim le, phim bo, xem phim online\n`,
    domains: ['phimmoi-hd.net', 'xemphim24h.pro'],
  },
  {
    name: 'coin-master-free-spins-links-today-daily-rewards-updated',
    title: 'Coin Master Free Spins Links Today',
    description: 'coin master free spins and coins links today updated daily rewards 2025',
    body: (links) => `Coin Master Free Spins & Coins — Today's Links (updated every hour)\n\n${links.map((l, i) => `[${i + 1}] 50 spins: ${l}`).join('\n')}\n\nfree spins coin master, coin master links, coin master rewards, coin master hack\n`,
    domains: ['cm-spins.link', 'dailyspins.live'],
  },
  {
    // A short name: the lure lives only in the README and description.
    name: 'filmizle4k',
    title: 'Full HD Film İzle — Türkçe Dublaj',
    description: 'full hd film izle, türkçe dublaj ve altyazılı filmler, ücretsiz film izleme sitesi',
    body: (links) => `Yeni çıkan filmleri **Full HD** ve **Türkçe dublaj** izle. Üyelik yok, reklam yok!\n\n[Hemen izle][1] · [Yedek link][2] · [Mobil][3]\n\n${links.map((l, i) => `[${i + 1}]: ${l}`).join('\n')}\n\nfilm izle, hd film izle, türkçe dublaj film, full film izle, 4k film izle, yabancı film izle\n`,
    domains: ['filmizle-hd.tr.gg', 'dizifilm4k.pw'],
  },
  {
    name: 'kazino-bonus-bez-depozita-2025',
    title: 'Казино бонус без депозита 2025',
    description: 'казино онлайн бонус без депозита за регистрацию, фриспины, лучшие слоты на деньги',
    body: (links) => `## Лучшие онлайн казино с бонусом без депозита\n\nПолучите 100 фриспинов за регистрацию! Вывод выигрыша без верификации.\n\n${links.map((l) => `🎰 <a href="${l}">ИГРАТЬ СЕЙЧАС</a>`).join('\n')}\n\nказино, бонус без депозита, фриспины, игровые автоматы, слоты на деньги, онлайн казино 2025\n`,
    domains: ['casino-bonus-ru.online', 'freespins777.site'],
  },
];

export function seoFamily(rng: Rng): FamilyOutput {
  const accounts = [person('moviehub2025'), person('gacorteam'), person('writersden'), person('gamefreebies'), person('promo.links')];
  const entries: CorpusEntry[] = LURES.map((lure, i) => {
    const publisher = accounts[Math.min(accounts.length - 1, Math.floor(i / 3))]!; // a handful of accounts, several lures each
    const links = Array.from({ length: rng.int(4, 12) }, () => `https://${rng.pick(lure.domains)}/${rng.pick(['watch', 'go', 'r', 'claim', 'film', ''])}${rng.pick(['', '/' + rng.letters(6)])}`);
    const readmeName = rng.pick(['README.md', 'readme.md', 'README.md', 'README']);
    const files: Record<string, FixtureFile> = { [readmeName]: `# ${lure.title}\n\n${lure.body(links, rng)}` };
    // Some carry a stub entry point so "no code at all" is not the only tell.
    if (rng.chance(0.4)) files['index.js'] = rng.pick(['', 'module.exports = {};\n', '// ' + lure.title + '\n']);
    const created = ago(rng.int(20, 200) * HOUR_MS + i * rng.int(1, 4) * MINUTE_MS);
    const manifest: Record<string, unknown> = {
      description: lure.description,
      keywords: lure.description.split(/\s+/).slice(0, 12),
      main: 'index.js',
      scripts: { test: 'echo "Error: no test specified" && exit 1' },
      license: 'ISC',
    };
    if (rng.chance(0.5)) manifest.homepage = links[0];
    const versions = [version('1.0.0', created, files, manifest)];
    if (rng.chance(0.3)) versions.push(version('1.0.1', at(created, rng.int(1, 20) * MINUTE_MS), files, manifest));
    return {
      label: { family: 'seo-spam' as const, spam: true, note: `no code; README/description is a link farm (${links.length} links, ${lure.title})` },
      fixture: { name: lure.name, publisher, versions },
    };
  });
  return { entries };
}
