/**
 * How many packages a publisher holds, from the registry's search (`/-/v1/search?text=maintainer:NAME`).
 * npmjs.org answers it; thin mirrors answer 404. Any failure is `null`: "the registry could not say",
 * which detectors report as unavailable and never score.
 *
 * Goes through npm-registry-fetch with the options the scan gives pacote, so registry URL, auth,
 * proxy and cache settings from .npmrc apply unchanged.
 */
import type npmFetch from 'npm-registry-fetch';
import { z } from 'zod';
import { safeLine } from '../report/sanitize.js';
import type { PublisherVolume } from '../facts/npm-types.js';

/** The most the search endpoint returns in one page. One page is enough to see a recent flood. */
export const SEARCH_PAGE_SIZE = 250;
const RECENT_WINDOW_MS = 30 * 24 * 60 * 60 * 1000;
const SAMPLE_NAMES = 10;

const searchAnswer = z.object({
  total: z.number().int().nonnegative(),
  objects: z.array(
    z.object({
      package: z.object({ name: z.string(), date: z.string().optional() }),
    }),
  ),
});

export type PublisherVolumeLookup = (publisher: string) => Promise<PublisherVolume | null>;

export interface PublisherVolumeLookupOptions {
  /** The scan's clock, for "created in the last 30 days". */
  now?: Date;
}

/** Reduces a search answer to a PublisherVolume; `null` when the answer is not search-shaped. */
export function publisherVolumeFromSearch(publisher: string, body: unknown, now: Date): PublisherVolume | null {
  const parsed = searchAnswer.safeParse(body);
  if (!parsed.success) return null;
  const since = now.getTime() - RECENT_WINDOW_MS;
  const createdLast30Days = parsed.data.objects.filter((o) => {
    const at = Date.parse(o.package.date ?? '');
    return !Number.isNaN(at) && at >= since && at <= now.getTime();
  }).length;
  return {
    publisher,
    // The page can hold more entries than `total` claims on odd registries; trust what we saw.
    total: Math.max(parsed.data.total, parsed.data.objects.length),
    createdLast30Days,
    sampleNames: parsed.data.objects.slice(0, SAMPLE_NAMES).map((o) => safeLine(o.package.name, 214)),
  };
}

/**
 * What the registry said to one search: an answer (search-shaped or not, judged by
 * `publisherVolumeFromSearch`), "this registry has no search" (404/405/501: thin mirrors), or a
 * failure that may pass (network, 5xx, timeout). Only the first two are worth remembering.
 */
export type SearchOutcome = { kind: 'answer'; body: unknown } | { kind: 'no-search' } | { kind: 'failed' };

const NO_SEARCH_STATUS = new Set([404, 405, 501]);

export async function searchPublisher(registryOptions: Record<string, unknown>, publisher: string): Promise<SearchOutcome> {
  const path = `/-/v1/search?text=${encodeURIComponent(`maintainer:${publisher}`)}&size=${SEARCH_PAGE_SIZE}`;
  try {
    // Loaded on first use: a scan whose answers are all cached never loads the HTTP stack.
    const { default: fetcher } = await import('npm-registry-fetch');
    return { kind: 'answer', body: await fetcher.json(path, registryOptions as npmFetch.Options) };
  } catch (error) {
    const status = (error as { statusCode?: unknown })?.statusCode;
    return typeof status === 'number' && NO_SEARCH_STATUS.has(status) ? { kind: 'no-search' } : { kind: 'failed' };
  }
}

/**
 * A per-run lookup: each publisher is asked once, concurrent callers share the pending request,
 * and failures (404 on mirrors, 5xx, network) resolve to `null` instead of throwing.
 */
export function createPublisherVolumeLookup(
  registryOptions: Record<string, unknown>,
  { now = new Date() }: PublisherVolumeLookupOptions = {},
): PublisherVolumeLookup {
  const cache = new Map<string, Promise<PublisherVolume | null>>();
  return (publisher) => {
    let pending = cache.get(publisher);
    if (!pending) {
      pending = searchPublisher(registryOptions, publisher).then((outcome) => (outcome.kind === 'answer' ? publisherVolumeFromSearch(publisher, outcome.body, now) : null));
      cache.set(publisher, pending);
    }
    return pending;
  };
}
