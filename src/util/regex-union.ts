/**
 * Whether any of many patterns matches, in one pass per flag set instead of one per pattern: most
 * texts match none, and a pass over a large text costs about the same for a union as for one
 * pattern. A pattern with a backreference keeps a pass of its own (its group numbers would shift in
 * a union). The global and sticky flags are dropped: a test here never carries state.
 * For code, util/literal-gate.ts does better (one pass finds which patterns can match at all); this
 * serves prose lexicons, whose case-insensitive Unicode entries have no literal that gate can use.
 */
export function unionsByFlags(patterns: readonly RegExp[]): RegExp[] {
  const groups = new Map<string, string[]>();
  const alone: RegExp[] = [];
  for (const pattern of patterns) {
    const flags = pattern.flags.replace(/[gy]/g, '');
    if (/\\[1-9k]/.test(pattern.source)) alone.push(new RegExp(pattern.source, flags));
    else groups.set(flags, [...(groups.get(flags) ?? []), `(?:${pattern.source})`]);
  }
  return [...[...groups].map(([flags, sources]) => new RegExp(sources.join('|'), flags)), ...alone];
}
