/**
 * How many packages a publisher holds, from the registry's search (`/-/v1/search?text=maintainer:NAME`).
 * npmjs.org answers it; thin mirrors answer 404. Any failure is `null`: "the registry could not say",
 * which detectors report as unavailable and never score.
 *
 * Goes through npm-registry-fetch with the options the scan gives pacote, so registry URL, auth,
 * proxy and cache settings from .npmrc apply unchanged.
 */
import npmFetch from 'npm-registry-fetch';
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
      const path = `/-/v1/search?text=${encodeURIComponent(`maintainer:${publisher}`)}&size=${SEARCH_PAGE_SIZE}`;
      pending = npmFetch
        .json(path, registryOptions as npmFetch.Options)
        .then((body) => publisherVolumeFromSearch(publisher, body, now))
        .catch(() => null);
      cache.set(publisher, pending);
    }
    return pending;
  };
}
