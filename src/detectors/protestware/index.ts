/**
 * protestware: code that checks where its user is (the browser's language, the time zone, the
 * site's country domain, an IP geolocation answer) and, for one country, sabotages what the user is
 * doing: blocks every click and key on the page, replaces the page or plays audio over it.
 * SweetAlert2's 2022 releases and the packages copied from them (Socket, 2025:
 * @link-loom/ui-sdk and 28 more) froze pages and looped the Ukrainian anthem for Russian-language
 * visitors of .ru sites. node-ipc overwrote files on Russian and Belarusian IP addresses: folder
 * walks like that one are wiper's, which weighs the geolocation lookup beside them.
 *
 * Libraries read the locale to translate, and a page's own code disables pointer events for a modal:
 * what counts is a comparison with a fixed locale, time zone or country followed, within the same
 * passage, by an act against the whole page. In Node, a locale check before a file write or an exit
 * is what CLIs do every day (a mirror chosen for China, a message in the user's language), and a
 * message alone (es5-ext's postinstall notice to Russian time zones) harms nobody: neither counts.
 */
import { z } from 'zod';
import { definePackageDetector, type DetectorFinding } from '../types.js';
import type { PackageFiles } from '../../package-files/types.js';
import { textHits } from '../../package-files/text-hits.js';
import { safeLine } from '../../report/sanitize.js';
import { LiteralGate } from '../../util/literal-gate.js';
import { lineAndExcerpt } from '../../analysis/text.js';

const options = z.object({
  /**
   * A locale, time zone or country check followed by sabotage of the whole page. High on its own
   * (80, not 70): freezing every visitor of one country is no library's business, and a package
   * with some published history (-5) must still come out high (@link-loom/ui-sdk copies, 2025).
   */
  sabotageWeight: z.number().default(80),
});

/** Where the user is: the browser's or system's language, the time zone, the site's domain, an IP geolocation lookup. */
const WHERE = /navigator\.(?:language|languages|userLanguage|browserLanguage)\b|resolvedOptions\(\)\s*\.\s*(?:timeZone|locale)|getTimezoneOffset\(|location\.(?:hostname|host|origin)\b|process\.env\.(?:LANG|LC_ALL|LANGUAGE|TZ)\b|\bos(?:Locale|\.locale)\b|ip-?api|ipapi\.co|ipinfo\.io|ipgeolocation|geoip|freegeoip|country_?(?:code|name)\b|countryCode\b/i;
/**
 * A fixed place compared: a language or country code held by a name that says so
 * (`lang.indexOf('ru') === 0`, `locale === 'ru-RU'`, `country != "BY"`), a list of codes
 * (`['ru', 'be'].includes(l)`), a time zone (`'Europe/Moscow'`), a country-code domain test
 * (`/\.(ru|su|by)$/`). English, the default of every locale check, is no target.
 */
const PLACE = /\b(?:(?:[A-Za-z_$][\w$]{0,30}?)?(?:lang|locale|country|region|zone)|tz)\w{0,20}\s*(?:\.\s*(?:indexOf|startsWith|includes)\s*\(|[!=]==?)\s*['"`](?!en\b)[a-zA-Z]{2,3}(?:[-_][A-Za-z]{2})?['"`]|\[\s*['"`](?!en\b)[a-z]{2}(?:[-_][A-Za-z]{2})?['"`]\s*,\s*['"`][a-z]{2}(?:[-_][A-Za-z]{2})?['"`][^\]]{0,80}\]\s*\.\s*(?:includes|indexOf|some)\(|['"`](?:Europe|Asia|America|Africa)\/[A-Z][A-Za-z_]+['"`]|\/\^?\\?\.?\(?(?:[a-z]{2}\|){1,8}[a-z]{2}(?:\|xn--[a-z0-9]+)?\)?\$\/|xn--p1ai/gi;
/** The check follows the read of where the user is, in one passage. Every quantifier of PLACE is bounded and anchored at a word start: a megabyte-long word (a base64 blob) must not cost its square. */
const READ_BEFORE = 800;
/** Acts against the whole page: every click and key blocked, the page replaced by fixed text (not a render), audio played over it. */
const SABOTAGE = /\*\s*\{\s*pointer-events\s*:\s*none|(?:body|documentElement)\.style\.pointerEvents\s*=\s*['"`]none|new\s+Audio\(|(?:body|documentElement)\.(?:innerHTML|outerHTML|textContent)\s*=\s*['"`]/;
/** A check and what it gates sit in one passage: a function, an if block. */
const PASSAGE = 1200;
const CODE = /\.(?:[cm]?js|jsx|tsx?)$/i;
const NOT_RUN = /(?:^|\/)(?:test|tests|__tests__|spec|specs|e2e|examples?|docs?)\/|\.(?:test|spec)\.[cm]?[jt]sx?$|\.d\.[cm]?ts$/i;
const MAX_CHARS = 4 * 1024 * 1024;
const GATE = new LiteralGate([WHERE, SABOTAGE]);

interface Hit {
  path: string;
  line: number;
  excerpt: string;
}

/** The first place check of the file followed by sabotage within its passage. */
function hitIn(path: string, text: string): Hit | undefined {
  const [where, sabotage] = GATE.candidates(text);
  if (!where || !sabotage || !WHERE.test(text) || !SABOTAGE.test(text)) return undefined;
  let checked = 0;
  for (const m of text.matchAll(PLACE)) {
    if (++checked > 200) break;
    const read = WHERE.test(text.slice(Math.max(0, m.index - READ_BEFORE), m.index + m[0].length));
    if (read && SABOTAGE.test(text.slice(m.index, m.index + PASSAGE))) return { path, ...lineAndExcerpt(text, m.index) };
  }
  return undefined;
}

function findHit(files: PackageFiles): Hit | undefined {
  return textHits(files, { accepts: (path) => CODE.test(path) && !NOT_RUN.test(path), maxChars: MAX_CHARS }, hitIn)[0];
}

export const protestware = definePackageDetector({
  meta: {
    id: 'protestware',
    description: "Finds code that checks the user's country (language, time zone, the site's domain, IP geolocation) and then sabotages the page: blocks every click and key, replaces the page or plays audio over it.",
    needs: ['files'],
    messages: {
      sabotage: '{file} checks which country its user is in and then sabotages the page (line {line}: "{excerpt}")',
    },
    options,
  },
  detect({ facts, options: o }) {
    if (!facts.files) return { findings: [], unavailable: [{ signal: 'protestware', reason: 'the tarball was not read' }] };
    const hit = findHit(facts.files);
    if (!hit) return { findings: [] };
    const excerpt = safeLine(hit.excerpt.trim(), 140);
    const finding: DetectorFinding = {
      messageId: 'sabotage',
      data: { file: hit.path, line: hit.line, excerpt },
      weight: o.sabotageWeight,
      evidence: { file: hit.path, line: hit.line, excerpt },
    };
    return { findings: [finding] };
  },
});
