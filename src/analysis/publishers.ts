/**
 * Who published a package, as the registry records it. The scan pipeline uses the same rule to
 * decide whose volume to look up, so detectors and pipeline agree on "the publisher".
 */
import type { PackageFacts } from '../facts/types.js';

/**
 * `_npmUser` of the scanned version (the account that ran `npm publish`), else the version's or the
 * packument's maintainers. Empty when the registry omits all three, as thin mirrors do.
 */
export function publishersOf(facts: PackageFacts): string[] {
  const npmUser = facts.versionMeta?._npmUser?.name;
  if (typeof npmUser === 'string' && npmUser.length > 0) return [npmUser];
  // Registry data is untrusted: some old packuments hold a string or an object here, not a list.
  const listed = facts.versionMeta?.maintainers ?? facts.packument?.maintainers;
  const maintainers: unknown[] = Array.isArray(listed) ? listed : [];
  const names = maintainers
    .map((m) => (m && typeof m === 'object' ? (m as { name?: unknown }).name : undefined)).filter((n): n is string => typeof n === 'string' && n.length > 0);
  return [...new Set(names)];
}
