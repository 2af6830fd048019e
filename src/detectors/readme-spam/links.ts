/**
 * Who a README links to. A real README links to its own repository and site, to badge services, to
 * registries and CDNs, to standards and reference docs. A link farm links to one or two unrelated
 * sites, often through shorteners, and repeats the same link. These lists are of *infrastructure*
 * (where links of any package legitimately go), never of packages or projects.
 */
import { hostOf, repositoryUrl, siteOf, type TextLink } from '../../analysis/text.js';

/** Sites every package may link to: code hosting, registries, CI and badges, CDNs, standards, references. */
const INFRASTRUCTURE_SITES = new Set([
  // code hosting and registries
  'github.com', 'githubusercontent.com', 'github.io', 'github.dev', 'gitlab.com', 'gitlab.io', 'bitbucket.org', 'sourceforge.net', 'codeberg.org', 'sr.ht',
  'npmjs.com', 'npmjs.org', 'npm.im', 'npmx.dev', 'yarnpkg.com', 'pnpm.io', 'bun.sh', 'deno.land', 'deno.com', 'jsr.io', 'pypi.org', 'crates.io', 'docs.rs', 'pkg.go.dev',
  // CI, coverage, badges, package analytics
  'shields.io', 'badgen.net', 'fury.io', 'travis-ci.org', 'travis-ci.com', 'circleci.com', 'appveyor.com', 'codecov.io', 'coveralls.io', 'codeclimate.com', 'snyk.io',
  'david-dm.org', 'packagephobia.com', 'bundlephobia.com', 'pkg-size.dev', 'npmcharts.com', 'npm-stat.com', 'sonarcloud.io', 'codacy.com', 'deepscan.io', 'lgtm.com',
  'bestpractices.dev', 'securityscorecards.dev', 'socket.dev', 'gitpod.io', 'codesandbox.io', 'stackblitz.com', 'jsfiddle.net', 'codepen.io', 'runkit.com', 'replit.com', 'netlify.app', 'netlify.com', 'vercel.app', 'vercel.com',
  // CDNs
  'unpkg.com', 'jsdelivr.net', 'cdnjs.com', 'cloudflare.com', 'esm.sh', 'skypack.dev', 'esm.run', 'jspm.io', 'jspm.dev',
  // standards bodies and language references
  'w3.org', 'whatwg.org', 'ietf.org', 'rfc-editor.org', 'ecma-international.org', 'tc39.es', 'json.org', 'json-schema.org', 'unicode.org', 'iana.org', 'iso.org',
  'opensource.org', 'spdx.org', 'creativecommons.org', 'gnu.org', 'semver.org', 'keepachangelog.com', 'conventionalcommits.org', 'choosealicense.com', 'contributor-covenant.org',
  'mozilla.org', 'nodejs.org', 'nodejs.dev', 'typescriptlang.org', 'wikipedia.org', 'stackoverflow.com', 'stackexchange.com', 'caniuse.com', 'web.dev', 'chromium.org', 'v8.dev', 'webkit.org',
  // docs hosting, community and funding
  'readthedocs.io', 'readthedocs.org', 'gitbook.io', 'gitbook.com', 'discord.gg', 'discord.com', 'gitter.im', 'slack.com', 'twitter.com', 'x.com', 'bsky.app', 'mastodon.social', 'fosstodon.org',
  'opencollective.com', 'patreon.com', 'ko-fi.com', 'buymeacoffee.com', 'liberapay.com', 'tidelift.com', 'thanks.dev', 'polar.sh', 'paypal.me', 'paypal.com',
  'youtube.com', 'youtu.be', 'medium.com', 'dev.to', 'microsoft.com', 'google.com', 'apple.com', 'amazon.com', 'aws.amazon.com',
]);

/** Link shorteners: they hide where a link goes, which is the point for spam and rarely needed in docs. */
const SHORTENER_SITES = new Set([
  'bit.ly', 'bitly.com', 'tinyurl.com', 'goo.gl', 't.co', 'ow.ly', 'is.gd', 'buff.ly', 'cutt.ly', 'rebrand.ly', 'shorturl.at', 'rb.gy', 't.ly', 'tiny.cc', 'bl.ink',
  'shorte.st', 'adf.ly', 'ouo.io', 'linkvertise.com', 'v.gd', 's.id', 'lnkd.in', 'soo.gd', 'clck.ru', 'u.to', 'tr.ee', 'linktr.ee', 'urlz.fr', 'shorturl.asia', 'bit.do',
]);

export type LinkKind = 'own' | 'infrastructure' | 'shortener' | 'unrelated';

export interface ClassifiedLink extends TextLink {
  kind: LinkKind;
  site: string;
}

/**
 * The sites that certainly belong to this package: where its repository lives. `homepage` is not
 * trusted on its own (link farms set it to the farm); a homepage the README talks about by name is
 * recognised like any other discussed site by the caller.
 */
export function ownSites(manifest: Record<string, unknown>): Set<string> {
  const sites = new Set<string>();
  const repo = repositoryUrl(manifest.repository);
  const host = repo ? hostOf(repo) : '';
  if (host.includes('.')) sites.add(siteOf(host));
  return sites;
}

export function classifyLinks(links: readonly TextLink[], own: ReadonlySet<string>): ClassifiedLink[] {
  return links.map((link) => {
    const site = siteOf(link.host);
    let kind: LinkKind = 'unrelated';
    if (SHORTENER_SITES.has(site) || SHORTENER_SITES.has(link.host)) kind = 'shortener';
    else if (own.has(site)) kind = 'own';
    else if (INFRASTRUCTURE_SITES.has(site) || /\.(?:gov|edu|int)$/.test(link.host) || link.host === 'localhost' || /^[\d.]+$/.test(link.host)) kind = 'infrastructure';
    return { ...link, kind, site };
  });
}
