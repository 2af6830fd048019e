/**
 * The spam vocabulary: phrases that sell something a software package never sells. This is the ONE
 * place the vocabulary lives; readme-spam scores how densely a README/description uses it, never a
 * single hit, so a library that mentions "casino" once (a card-game engine, a content filter) stays
 * quiet while a page stuffed with "slot gacor", "watch ... full movie online free" does not.
 *
 * Rules for entries:
 *  - Multi-word phrases or words that have no technical meaning ("gacor", "vostfr"); never a bare
 *    "free", "download", "watch", "bet", "key" on its own.
 *  - Each entry carries a `category`, the `languages` it is written in (ISO 639-1), and an `example`
 *    that must match (the test suite checks every example, and checks that a set of real technical
 *    READMEs matches nothing).
 *  - Patterns run on text that is NFKC-normalised and lower-cased; use `\s+` between words and the
 *    `u` flag for non-Latin scripts (JavaScript's `\b` only understands ASCII letters, so Cyrillic and
 *    Vietnamese entries use explicit boundaries or none).
 *
 * Sources for the families: public write-ups of npm SEO spam (Sonatype, Checkmarx), OpenSSF
 * malicious-packages entries for SEO spam, and the Indonesian gambling vocabulary of "judi online".
 */
import { unionsByFlags } from '../../util/regex-union.js';

export type SpamCategory =
  | 'streaming'
  | 'gambling'
  | 'essay-service'
  | 'game-currency'
  | 'warez'
  | 'adult'
  | 'crypto-scam'
  | 'pharma'
  | 'seo-service'
  | 'support-scam'
  | 'account-hack'
  | 'social-growth'
  | 'free-money'
  | 'loans'
  | 'fake-documents'
  | 'contact';

export interface LexiconEntry {
  id: string;
  category: SpamCategory;
  languages: readonly string[];
  pattern: RegExp;
  example: string;
  /** Extra check on a match the pattern alone cannot express (e.g. "enough digits to be a phone number"). */
  accept?: (match: string) => boolean;
}

// A few words between two anchors, in any script: "watch <the movie title> online free".
const W = '(?:\\S+\\s+)';

export const LEXICON: readonly LexiconEntry[] = [
  // --- free movies and streaming ------------------------------------------------------------
  { id: 'full-movie', category: 'streaming', languages: ['en'], pattern: /\bfull\s+(?:hd\s+)?movies?\b/, example: 'Oppenheimer 2023 full movie' },
  { id: 'watch-online-free', category: 'streaming', languages: ['en'], pattern: new RegExp(`\\b(?:watch|stream)\\s+${W}{0,6}(?:online\\s+(?:for\\s+)?free|free\\s+online)\\b`, 'u'), example: 'watch Oppenheimer online free' },
  { id: 'free-movies', category: 'streaming', languages: ['en'], pattern: /\bfree\s+(?:hd\s+)?(?:movies?|streaming|episodes?|series)\b/, example: 'free HD movies' },
  { id: 'full-episode', category: 'streaming', languages: ['en'], pattern: /\bfull\s+episodes?\b/, example: 'full episode' },
  { id: 'hd-quality-stream', category: 'streaming', languages: ['en'], pattern: /\b(?:1080p|720p|4k|hd)\s+(?:online|streaming|stream|free)\b/, example: '1080p streaming' },
  { id: 'pelicula-completa', category: 'streaming', languages: ['es'], pattern: /\bpel[ií]cula\s+completa\b/, example: 'Ver película completa' },
  { id: 'ver-online-gratis', category: 'streaming', languages: ['es'], pattern: new RegExp(`\\bver\\s+${W}{0,6}(?:online\\s+gratis|gratis\\s+online|en\\s+español|latino)\\b`, 'u'), example: 'ver Oppenheimer online gratis' },
  { id: 'espanol-latino', category: 'streaming', languages: ['es'], pattern: /\b(?:en\s+)?español\s+latino\b/, example: 'en español latino' },
  { id: 'filme-completo', category: 'streaming', languages: ['pt'], pattern: /\bfilme\s+completo\b/, example: 'filme completo dublado' },
  { id: 'assistir-dublado', category: 'streaming', languages: ['pt'], pattern: new RegExp(`\\bassistir\\s+${W}{0,6}(?:online|dublado|legendado)\\b`, 'u'), example: 'assistir Oppenheimer online' },
  { id: 'film-complet', category: 'streaming', languages: ['fr'], pattern: /\bfilm\s+complet\b/, example: 'film complet en français' },
  { id: 'streaming-vf', category: 'streaming', languages: ['fr'], pattern: /\b(?:streaming\s+(?:vf|vostfr|gratuit)|vostfr)\b/, example: 'streaming vf' },
  { id: 'ganzer-film', category: 'streaming', languages: ['de'], pattern: /\bganzer\s+film\b|\bfilm\s+(?:kostenlos|stream)\s+(?:deutsch|anschauen|ansehen)\b/, example: 'Oppenheimer ganzer Film' },
  { id: 'nonton-film', category: 'streaming', languages: ['id'], pattern: /\bnonton\s+(?:film|online|gratis|drama|anime|streaming|bola)\b/, example: 'nonton film gratis' },
  { id: 'sub-indo', category: 'streaming', languages: ['id'], pattern: /\bsub(?:title)?\s+indo(?:nesia)?\b/, example: 'sub indo' },
  { id: 'film-lengkap', category: 'streaming', languages: ['id'], pattern: /\bfilm\s+(?:lengkap|terbaru)\b/, example: 'film lengkap' },
  { id: 'smotret-onlain', category: 'streaming', languages: ['ru'], pattern: /смотреть\s+(?:[\p{L}\p{N}]+\s+){0,6}(?:онлайн|бесплатно)/u, example: 'смотреть фильм онлайн' },
  { id: 'v-horoshem-kachestve', category: 'streaming', languages: ['ru'], pattern: /в\s+хорошем\s+качестве|фильм\s+(?:[\p{L}]+\s+){0,3}полностью/u, example: 'бесплатно в хорошем качестве' },
  { id: 'xem-phim', category: 'streaming', languages: ['vi'], pattern: /(?<![\p{L}])xem\s+phim(?![\p{L}])|phim\s+(?:hay|mới|moi|lẻ|bộ|online|trực\s+tuyến)/u, example: 'xem phim online' },
  { id: 'vietsub', category: 'streaming', languages: ['vi'], pattern: /(?<![\p{L}])vietsub(?![\p{L}])|thuyết\s+minh/u, example: 'phim vietsub' },
  { id: 'mien-phi', category: 'streaming', languages: ['vi'], pattern: /(?:trực\s+tuyến|online)\s+miễn\s+phí|miễn\s+phí\s+(?:vietsub|hd|phim)/u, example: 'xem phim trực tuyến miễn phí' },
  { id: 'piracy-sites', category: 'streaming', languages: ['en', 'es', 'id'], pattern: /\b(?:123movies|putlocker|fmovies|gomovies|soap2day|solarmovie|yesmovies|cuevana|pelisplus|lk21|rebahin|dramacool|kissasian|filmapik)\b/, example: 'Oppenheimer 123movies' },
  { id: 'film-izle', category: 'streaming', languages: ['tr'], pattern: /\bfilm\s+izle\b|\btürkçe\s+dublaj\b|\bfull\s+izle\b/u, example: 'film izle' },

  // --- casino, slots, betting -------------------------------------------------------------------
  { id: 'online-casino', category: 'gambling', languages: ['en'], pattern: /\bonline\s+(?:casinos?|gambling|betting|poker|slots?)\b|\bcasinos?\s+(?:bonus|online|games?|sites?)\b/, example: 'best online casino' },
  { id: 'free-spins', category: 'gambling', languages: ['en'], pattern: /\bfree\s+spins?\b|\bno\s+deposit\s+bonus\b|\bwelcome\s+bonus\b/, example: '100 free spins' },
  { id: 'sports-betting', category: 'gambling', languages: ['en'], pattern: /\bsports?\s+betting\b|\bbetting\s+(?:tips|sites?|odds|apps?)\b|\bbookmakers?\b/, example: 'sports betting tips' },
  { id: 'slot-gacor', category: 'gambling', languages: ['id'], pattern: /\bslot\s+(?:gacor|online|terpercaya|resmi|demo|thailand)\b|\bgacor\b/, example: 'slot gacor hari ini' },
  { id: 'judi', category: 'gambling', languages: ['id'], pattern: /\bjudi\s+(?:online|bola|slot)?|\btogel\b|\bbandar\s+(?:togel|bola|judi|slot)\b/, example: 'situs judi online' },
  { id: 'situs-slot', category: 'gambling', languages: ['id'], pattern: /\bsitus\s+(?:slot|judi|togel|resmi|terpercaya|gacor)\b|\bdaftar\s+(?:slot|akun|sekarang)\b|\blink\s+alternatif\b/, example: 'situs slot terpercaya' },
  { id: 'maxwin', category: 'gambling', languages: ['id'], pattern: /\bmaxwin\b|\brtp\s+(?:live|slot)\b|\bscatter\s+hitam\b|\bmahjong\s+ways\b|\bdeposit\s+(?:pulsa|dana|via)\b|\bsbobet\b/, example: 'pasti maxwin' },
  { id: 'apuestas', category: 'gambling', languages: ['es', 'pt'], pattern: /\bapuestas?\s+(?:deportivas|online|en\s+l[ií]nea)\b|\bcasino\s+en\s+l[ií]nea\b|\bcassino\s+online\b|\bapostas?\s+(?:esportivas|online)\b|\bgiros\s+gr[aá]tis\b/, example: 'apuestas deportivas' },
  { id: 'casino-fr-de', category: 'gambling', languages: ['fr', 'de'], pattern: /\bcasino\s+en\s+ligne\b|\bparis\s+sportifs\b|\bonline\s+spielothek\b|\bsportwetten\b/, example: 'casino en ligne' },
  { id: 'kazino', category: 'gambling', languages: ['ru'], pattern: /казино|игровые\s+автоматы|ставки\s+на\s+спорт|букмекер/u, example: 'лучшее онлайн казино' },
  { id: 'nha-cai', category: 'gambling', languages: ['vi'], pattern: /nhà\s+cái|cá\s+cược|nổ\s+hũ|đánh\s+bài|tài\s+xỉu/u, example: 'nhà cái uy tín' },

  // --- essays and homework for hire --------------------------------------------------------------
  { id: 'write-my-essay', category: 'essay-service', languages: ['en'], pattern: /\b(?:write|do)\s+my\s+(?:essay|paper|homework|assignment|dissertation|thesis)\b|\btake\s+my\s+(?:online\s+)?(?:class|exam)\b/, example: 'write my essay for me' },
  { id: 'essay-service', category: 'essay-service', languages: ['en'], pattern: /\b(?:essays?|papers?|assignment|homework|dissertation|thesis|coursework)\s+(?:writing\s+)?(?:services?|writers?|help)\b/, example: 'cheap essay writing service' },
  { id: 'buy-essay', category: 'essay-service', languages: ['en'], pattern: /\bbuy\s+(?:an?\s+)?(?:essays?|papers?|dissertations?|coursework)\b|\bcustom\s+essays?\b/, example: 'buy essay online' },
  { id: 'ensayos-tesis', category: 'essay-service', languages: ['es', 'fr', 'de'], pattern: /\b(?:redacci[oó]n|escritura)\s+de\s+(?:ensayos|tesis)\b|\br[ée]daction\s+de\s+m[ée]moires?\b|\b(?:hausarbeit|bachelorarbeit|masterarbeit)\s+schreiben\s+lassen\b/, example: 'bachelorarbeit schreiben lassen' },
  { id: 'kursovye', category: 'essay-service', languages: ['ru'], pattern: /написание\s+(?:курсовых|дипломных|рефератов)|купить\s+(?:диплом|курсовую)/u, example: 'написание курсовых работ' },
  { id: 'jasa-skripsi', category: 'essay-service', languages: ['id'], pattern: /\bjasa\s+(?:pembuatan\s+)?(?:skripsi|tugas|makalah|joki)\b|\bjoki\s+(?:tugas|skripsi)\b/, example: 'jasa skripsi murah' },

  // --- game currency, gift cards, "generators" -------------------------------------------------
  { id: 'free-game-currency', category: 'game-currency', languages: ['en'], pattern: /\bfree\s+(?:robux|v[- ]?bucks|gems|coins|diamonds|gift\s*cards?|skins|uc|cod\s+points|psn\s+codes?|xbox\s+codes?|steam\s+(?:keys?|wallet))\b|\b(?:robux|v[- ]?bucks|gems|diamonds)\s+(?:for\s+)?free\b/, example: 'free robux 2024' },
  { id: 'currency-generator', category: 'game-currency', languages: ['en'], pattern: /\b(?:robux|v[- ]?bucks|gift\s*cards?|gems|coins|diamonds|psn|steam|itunes|google\s+play|uc)\s+(?:code\s+)?generator\b/, example: 'robux generator' },
  { id: 'unlimited-currency', category: 'game-currency', languages: ['en'], pattern: /\bunlimited\s+(?:gems|coins|diamonds|money|gold|robux|lives|v[- ]?bucks)\b/, example: 'unlimited gems' },
  { id: 'no-human-verification', category: 'game-currency', languages: ['en'], pattern: /\b(?:no|without)\s+human\s+verification\b|\b(?:hack|cheats?)\s+(?:generator|apk|online|tool)\b/, example: 'no human verification' },
  { id: 'diamond-ff', category: 'game-currency', languages: ['id'], pattern: /\bdiamond\s+(?:ff|ml|gratis)\b|\bgenerator\s+(?:diamond|skin)\b|\bcheat\s+(?:ff|ml|diamond)\b/, example: 'diamond ff gratis' },
  { id: 'robux-gratis', category: 'game-currency', languages: ['es', 'pt', 'fr'], pattern: /\b(?:robux|diamantes|gemas|monedas|gemmes|v[- ]?bucks)\s+(?:gr[aá]tis|gratuits?)\b|\bg[ée]n[ée]ra(?:dor|teur)\s+(?:de\s+)?(?:robux|diamantes|gemas|tarjetas|codes|cartes|v[- ]?bucks)\b/, example: 'robux gratis' },
  { id: 'sans-verification', category: 'game-currency', languages: ['fr', 'es', 'pt'], pattern: /\bsans\s+v[ée]rification(?:\s+humaine)?\b|\bsin\s+verificaci[oó]n(?:\s+humana)?\b|\bsem\s+verifica[çc][ãa]o(?:\s+humana)?\b/, example: 'générateur sans vérification humaine' },
  { id: 'robuksy', category: 'game-currency', languages: ['ru'], pattern: /бесплатные\s+(?:робуксы|алмазы|гемы)|генератор\s+(?:робуксов|кодов)/u, example: 'бесплатные робуксы' },

  // --- cracked software and "download full" -----------------------------------------------------
  { id: 'download-full', category: 'warez', languages: ['en'], pattern: new RegExp(`\\bdownload\\s+${W}{0,4}full\\s+(?:version|movie|album|crack|hd|episode)\\b|\\bfull\\s+version\\s+(?:free\\s+)?download\\b|\\bfree\\s+download\\s+full\\b`, 'u'), example: 'download Photoshop full version' },
  { id: 'crack-keygen', category: 'warez', languages: ['en'], pattern: /\b(?:crack|keygen)\s+(?:\+\s+)?(?:free\s+)?(?:download|full|serial|key)\b|\bwith\s+(?:crack|keygen|serial\s+key)\b|\bcracked\s+(?:version|apk)\b/, example: 'crack free download' },
  { id: 'mod-apk', category: 'warez', languages: ['en'], pattern: /\bmod\s+apk\b|\bapk\s+mod\b|\b(?:pdf|epub|e-?book)\s+free\s+download\b/, example: 'mod apk unlimited' },
  { id: 'descargar-gratis', category: 'warez', languages: ['es', 'pt'], pattern: new RegExp(`\\b(?:descargar|baixar)\\s+${W}{0,4}(?:gratis|gr[aá]tis|completo|mega|torrent)\\b`, 'u'), example: 'descargar Office gratis' },
  { id: 'telecharger-gratuit', category: 'warez', languages: ['fr'], pattern: new RegExp(`\\bt[ée]l[ée]charger\\s+${W}{0,4}(?:gratuit(?:ement)?|complet|torrent)\\b`, 'u'), example: 'télécharger Office gratuit' },
  { id: 'skachat-besplatno', category: 'warez', languages: ['ru'], pattern: /скачать\s+(?:[\p{L}\p{N}]+\s+){0,4}(?:бесплатно|торрент)/u, example: 'скачать игру бесплатно' },
  { id: 'download-gratis', category: 'warez', languages: ['id', 'es', 'pt'], pattern: new RegExp(`\\bdownload\\s+${W}{0,4}gr[aá]tis\\b|\\bunduh\\s+(?:gratis|video|film)\\b`, 'u'), example: 'download film gratis' },

  // --- adult ------------------------------------------------------------------------------------
  { id: 'adult-video', category: 'adult', languages: ['en'], pattern: /\b(?:xxx|porn|porno|sex)\s+(?:videos?|movies?|sites?|hub|chat|cams?)\b|\b(?:free|hot)\s+(?:sex|porn|cams?|nudes?)\b|\blive\s+(?:sex|porn)\b/, example: 'free porn videos' },
  { id: 'escorts', category: 'adult', languages: ['en'], pattern: /\bcall\s+girls?\b|\bescorts?\s+(?:service|girls?|agency)\b|\bonlyfans\s+(?:leaks?|free)\b|\bhot\s+girls?\b/, example: 'call girls service' },
  { id: 'bokep', category: 'adult', languages: ['id'], pattern: /\bbokep\b|\bvideo\s+(?:viral|mesum)\b|\bcerita\s+dewasa\b/, example: 'video bokep' },
  { id: 'porno-gratis', category: 'adult', languages: ['es', 'pt', 'fr', 'ru'], pattern: /\bporno\s+(?:gratis|gratuit)\b|\bsexe\s+gratuit\b|порно/u, example: 'porno gratis' },

  // --- crypto giveaways and recovery scams -------------------------------------------------------
  { id: 'crypto-giveaway', category: 'crypto-scam', languages: ['en'], pattern: /\b(?:crypto|bitcoin|btc|eth|ethereum|usdt)\s+giveaway\b|\bdouble\s+your\s+(?:bitcoin|btc|eth|crypto|money)\b/, example: 'bitcoin giveaway' },
  { id: 'free-crypto', category: 'crypto-scam', languages: ['en', 'es'], pattern: /\bfree\s+(?:bitcoin|btc|crypto|eth|usdt)\b|\bbitcoin\s+gratis\b|\bguaranteed\s+(?:profits?|returns?)\b/, example: 'free bitcoin every hour' },
  { id: 'crypto-signals', category: 'crypto-scam', languages: ['en', 'ru'], pattern: /\b(?:free|vip|premium|paid)\s+(?:(?:crypto|forex|trading|futures)\s+){1,2}signals\b|\bpump\s+signals\b|крипто-?сигнал|(?:бесплатн\S*|точн\S*)\s+(?:крипто-?)?сигнал|сигнал\S*\s+по\s+(?:btc|eth|bitcoin|биткоин)|зарабатыва\S*\s+от\s+\d/u, example: 'Бесплатные крипто-сигналы каждый день' },
  { id: 'crypto-recovery', category: 'crypto-scam', languages: ['en'], pattern: /\brecover\s+(?:your\s+)?(?:lost|stolen|scammed)\s+(?:crypto|bitcoin|funds|money)\b|\b(?:crypto|bitcoin|funds)\s+recovery\s+(?:experts?|services?|hackers?)\b/, example: 'recover stolen bitcoin' },

  // --- pills and SEO services -------------------------------------------------------------------
  { id: 'pharma', category: 'pharma', languages: ['en'], pattern: /\b(?:viagra|cialis|kamagra|tramadol|xanax|oxycodone|adderall)\b|\bwithout\s+(?:a\s+)?prescription\b/, example: 'buy viagra without prescription' },
  { id: 'seo-backlinks', category: 'seo-service', languages: ['en', 'id'], pattern: /\b(?:buy|cheap|quality|high\s+da|dofollow)\s+backlinks?\b|\bjasa\s+(?:seo|backlink)\b|\bguest\s+post(?:ing)?\s+service\b/, example: 'buy dofollow backlinks' },

  // --- scripts the entries above do not read: Asian gambling, anime and match piracy -------------
  // Whole words of these scripts are the anchors (no spaces between words in zh/ja/th, so no \b).
  { id: 'bocai-zh', category: 'gambling', languages: ['zh'], pattern: /百家乐|娱乐城|博彩|六合彩|时时彩|网上赌场|线上赌场|网络赌博|真人娱乐|体育投注|彩金|棋牌游戏|老虎机|赌场/u, example: '澳门娱乐城 百家乐' },
  { id: 'toto-ko', category: 'gambling', languages: ['ko'], pattern: /토토\s*사이트|먹튀|(?:안전|메이저)\s*놀이터|카지노\s*사이트|바카라\s*사이트|슬롯\s*사이트|스포츠\s*토토|파워볼|온라인\s*카지노/u, example: '토토사이트 추천 먹튀검증' },
  { id: 'slot-th', category: 'gambling', languages: ['th'], pattern: /สล็อต|บาคาร่า|แทงบอล|คาสิโนออนไลน์|เครดิตฟรี|เว็บตรง|หวยออนไลน์/u, example: 'สล็อตเว็บตรง แตกง่าย' },
  { id: 'satta-matka', category: 'gambling', languages: ['hi', 'en'], pattern: /\bsatta\s+(?:matka|king|result)\b|\bkalyan\s+(?:matka|chart|result|panel|jodi)\b|\bdpboss\b|\bmatka\s+(?:result|guessing|tips|boss|chart)\b|सट्टा|मटका/u, example: 'Kalyan Matka result today' },
  { id: 'muryo-doga-ja', category: 'streaming', languages: ['ja'], pattern: /無料\s*動画|全話\s*(?:無料|視聴)|無料で(?:見る|視聴|読む)|見逃し配信|フル動画|オンラインカジノ/u, example: 'アニメ 無料動画 全話視聴' },
  { id: 'bath-mubasher-ar', category: 'streaming', languages: ['ar'], pattern: /بث\s+مباشر|مشاهدة\s+(?:مباراة|مباريات|فيلم|مسلسل)|يلا\s+شوت|كورة\s+(?:لايف|ستار)|كازينو|مراهنات/u, example: 'يلا شوت بث مباشر' },
  { id: 'contact-zh', category: 'contact', languages: ['zh'], pattern: /加(?:微信|v信|vx|qq|飞机|电报)|代孕|办证|刷单|裸聊|(?:微信|v信|vx|电报|飞机)\s*[:：@]\s*@?[a-z0-9_-]{4,}/u, example: '【微信:zk8899】' },
  // Diploma mills: degrees, transcripts and passports made to order.
  // Invitations into a chat channel the text sells: private invite links, and the Russian call to subscribe.
  { id: 'channel-invite', category: 'contact', languages: ['en', 'ru'], pattern: /\bt\.me\/(?:\+|joinchat\/)[\w-]{8,}|\bchat\.whatsapp\.com\/[a-z0-9]{10,}|\bwhatsapp\.com\/channel\/[a-z0-9]{10,}|(?:наш|подписывайся\s+на)\s+(?:telegram|телеграм)[-\s]?канал/u, example: 'Наш Telegram канал: https://t.me/+Qm3kX8zYvR1hNDQy' },
  { id: 'fake-documents-zh', category: 'fake-documents', languages: ['zh'], pattern: /毕业证|学历认证|学位证|高仿|一比一原版|仿制(?:证件|文凭|成绩单)|办理\S{0,8}(?:文凭|毕业证|学位证)/u, example: '办理英国毕业证' },
  { id: 'fake-documents', category: 'fake-documents', languages: ['en'], pattern: /\b(?:buy|order)\s+(?:a\s+)?(?:fake|novelty|real\s+and\s+fake)\s+(?:diplomas?|degrees?|passports?|id\s+cards?|driver'?s?\s+licen[cs]es?|documents)\b|\bfake\s+(?:diplomas?|degrees?|transcripts?)\s+(?:online|for\s+sale)\b/, example: 'buy fake diplomas online' },

  // --- customer-service phone scams, account hacking, follower and money generators, loans --------
  // Each is something a library never sells: "hack an Instagram account", a bank's "customer service
  // number" repeated down a page. A phone-number library saying "toll-free number" once is below any
  // density the detector scores.
  { id: 'support-phone-number', category: 'support-scam', languages: ['en'], pattern: /\b(?:customer\s+(?:service|support|care)|tech(?:nical)?\s+support)\s+(?:phone\s+|contact\s+|toll[\s-]*free\s+)?(?:number|no\.|hotline|helpline)|\bsupport\s+(?:phone|contact|toll[\s-]*free)\s+number\b|\bhelpline\s+number\b|\btoll[\s-]*free\s+(?:number|helpline)\b/, example: 'Coinbase customer service number' },
  { id: 'account-hack', category: 'account-hack', languages: ['en'], pattern: /\bhack(?:ing)?\s+(?:an?\s+|any\s+|someone'?s?\s+)?(?:instagram|facebook|fb|whatsapp|snapchat|tiktok|gmail|twitter|telegram|roblox)\s+(?:accounts?|passwords?|messages?)\b|\b(?:instagram|facebook|whatsapp|snapchat|tiktok|gmail)\s+(?:account\s+|password\s+)?(?:hacker|hack\s+(?:tool|online|app|free|apk))\b|\bspy\s+on\s+(?:instagram|facebook|whatsapp|snapchat)\b/, example: 'hack an Instagram account' },
  { id: 'free-followers', category: 'social-growth', languages: ['en'], pattern: /\bfree\s+(?:tiktok|instagram|ig|youtube|twitter|twitch|spotify)\s+(?:followers|likes|views|subscribers|fans|plays)\b|\b(?:followers|likes|subscribers)\s+generator\b|\bbuy\s+(?:cheap\s+)?(?:tiktok|instagram|youtube|twitter)\s+(?:followers|likes|views|subscribers)\b|\bfree\s+(?:followers|likes)\s+(?:app|instantly|no\s+login)\b/, example: 'free TikTok followers' },
  { id: 'buy-followers-intl', category: 'social-growth', languages: ['id', 'es', 'pt', 'ru'], pattern: /\bjasa\s+(?:followers|likes?|views?|viewers|subscribers?)\b|\bbeli\s+(?:followers|likes?|subscribers?)\b|\bfollowers\s+(?:ig|instagram|tiktok)\s+(?:murah|termurah|aktif|permanen)\b|\bcomprar\s+seguidores\b|накрутк\S*\s+(?:подписчик|лайк|просмотр)/u, example: 'Jasa Followers Instagram Termurah' },
  { id: 'money-adder', category: 'free-money', languages: ['en'], pattern: /\b(?:paypal|cash\s*app|venmo|zelle)\s+(?:money\s+(?:adder|generator|glitch|hack)|free\s+money|hack|glitch)\b|\bfree\s+(?:paypal|cash\s*app|venmo)\s+money\b|\bfree\s+money\s+on\s+(?:paypal|cash\s*app|venmo)\b|\bmoney\s+(?:adder|generator)\b/, example: 'PayPal money adder' },
  { id: 'pinjol', category: 'loans', languages: ['id', 'en'], pattern: /\bpinjol\b|\bpinjaman\s+(?:online|tanpa\s+jaminan)\b|\bcepat\s+cair\b|\btanpa\s+bi\s+checking\b|\b(?:instant|payday)\s+(?:cash\s+)?loans?\s+(?:app|online|approval)\b|\bloan\s+app\s+customer\s+care\b/, example: 'pinjol cepat cair' },

  // --- contact numbers (the spammer's call to action) -------------------------------------------
  {
    id: 'messenger-number',
    category: 'contact',
    languages: ['en', 'id', 'es'],
    pattern: /(?:\b(?:whats\s?app|wa|telegram|viber|wechat|hubungi|call|contact|llama|ligue|helpline|hotline)\b(?:\s+(?:me|us|kami|now|only))?|[☎📞]\ufe0f?)\s*[:：\-–]?\s*\+?\(?\d[\d\s().-]{7,}\d|\bwa\.me\/\+?\d{8,}/u,
    example: 'WhatsApp: +62 812 3456 7890',
    // Dates and version ranges ("contact 2019-2020") are not phone numbers: require nine digits.
    accept: (match) => (match.match(/\d/g)?.length ?? 0) >= 9,
  },
];

export interface LexiconHit {
  entry: LexiconEntry;
  /** Offset in the searched text. */
  index: number;
  /** The matched words. */
  text: string;
}

/**
 * Each entry's pattern with the global flag, built once: building them for every README (and
 * matchAll's own copy of each) was most of this function's time in a scan.
 */
const GLOBAL_PATTERNS = LEXICON.map((entry) => new RegExp(entry.pattern.source, entry.pattern.flags.includes('g') ? entry.pattern.flags : `${entry.pattern.flags}g`));

/**
 * Whether any entry can match, one pass per flag set: almost every README matches none, and running
 * each of the entries over it was most of readme-spam's time (312 real READMEs: 240 -> 80 ms).
 */
const ANY_ENTRY = unionsByFlags(LEXICON.map((entry) => entry.pattern));

/** Every occurrence of every entry in `text` (pass it through `prepareForLexicon` first). */
export function findLexiconHits(text: string): LexiconHit[] {
  if (!ANY_ENTRY.some((union) => union.test(text))) return [];
  const hits: LexiconHit[] = [];
  LEXICON.forEach((entry, i) => {
    const global = GLOBAL_PATTERNS[i]!;
    global.lastIndex = 0;
    for (let m = global.exec(text); m !== null; m = global.exec(text)) {
      // An empty match would match again at the same place forever (matchAll steps past it too).
      if (m[0] === '') global.lastIndex++;
      if (m[0].trim() === '' || (entry.accept && !entry.accept(m[0]))) continue;
      hits.push({ entry, index: m.index, text: m[0] });
    }
  });
  return hits.sort((a, b) => a.index - b.index);
}

/** What the patterns expect: NFKC (full-width digits and ligatures folded) and lower case. */
export function prepareForLexicon(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}
