/**
 * Sponsor and backer sections. Open Collective and GitHub Sponsors walls list whoever pays, with the
 * payer's own title and link: popular projects (nodemon, webpack, mocha) show dozens of casino and
 * betting sponsors that way. The wall is the project thanking its funders, not the package
 * advertising, so its text and links are set aside before vocabulary and link-farm judgement —
 * but only under a heading that says so and after enough prose of the README's own, so that a farm
 * cannot hide behind a "Sponsors" heading over a one-line README.
 */
import { stripMarkup, wordCount } from '../../analysis/text.js';

const SPONSOR_HEADING = /\b(?:sponsors?|sponsorship|backers?|supporters?|patrons?|donors?|funding|financial\s+contributors)\b/i;
const MARKDOWN_HEADING = /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/;
const HTML_HEADING = /^\s*<h([1-6])\b[^>]*>(.*?)<\/h\1>/i;

export interface SponsorSections {
  /** The README with every sponsor section's lines blanked (line numbers unchanged). */
  text: string;
  /** 1-based [first, last] line of each section set aside. */
  ranges: [number, number][];
}

/** Words of the README's own prose a sponsor wall must follow for it to be set aside. */
export const MIN_OWN_WORDS = 150;

export function setAsideSponsorSections(readme: string): SponsorSections {
  const lines = readme.split('\n');
  const ranges: [number, number][] = [];
  for (let i = 0; i < lines.length; i++) {
    const heading = headingAt(lines[i]!);
    if (!heading || !SPONSOR_HEADING.test(stripMarkup(heading.title))) continue;
    let end = i + 1;
    while (end < lines.length) {
      const next = headingAt(lines[end]!);
      // A sub-heading ("### Gold sponsors") stays inside; a sibling or parent heading ends the wall.
      if (next && next.level <= heading.level && !SPONSOR_HEADING.test(stripMarkup(next.title))) break;
      end++;
    }
    ranges.push([i + 1, end]);
    i = end - 1;
  }
  if (ranges.length === 0) return { text: readme, ranges: [] };
  const inSection = (line: number) => ranges.some(([a, b]) => line >= a && line <= b);
  const kept = lines.map((line, i) => (inSection(i + 1) ? '' : line));
  const text = kept.join('\n');
  if (wordCount(stripMarkup(text)) < MIN_OWN_WORDS) return { text: readme, ranges: [] };
  return { text, ranges };
}

function headingAt(line: string): { level: number; title: string } | undefined {
  const markdown = MARKDOWN_HEADING.exec(line);
  if (markdown) return { level: markdown[1]!.length, title: markdown[2]! };
  const html = HTML_HEADING.exec(line);
  if (html) return { level: Number(html[1]), title: html[2]! };
  return undefined;
}
