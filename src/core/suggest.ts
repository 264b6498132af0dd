// "Did you mean …?" helper shared by the parser (verbs, keys, values) and the use
// cases (deal names). Pure and bounded: no I/O, linear in the number of candidates.

/**
 * Edit distance with adjacent transpositions (optimal string alignment variant of
 * Damerau–Levenshtein), over Unicode code points. Stops early and returns
 * `limit + 1` once the distance is known to exceed `limit`.
 */
export function editDistance(a: string, b: string, limit = Number.POSITIVE_INFINITY): number {
  const s = Array.from(a);
  const t = Array.from(b);
  if (Math.abs(s.length - t.length) > limit) return limit + 1;
  if (s.length === 0) return t.length;
  if (t.length === 0) return s.length;

  let prev2: number[] = [];
  let prev: number[] = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const cur: number[] = [i];
    let rowMin = i;
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let d = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) {
        d = Math.min(d, (prev2[j - 2] ?? 0) + 1);
      }
      cur[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > limit) return limit + 1;
    prev2 = prev;
    prev = cur;
  }
  return prev[t.length] ?? 0;
}

/**
 * Candidates close to `word` (case-insensitive), best first, at most `max` of them.
 * A candidate qualifies when its distance is ≤ max(1, floor(len / 3)), len being the
 * length of `word` in code points. Ties keep the candidates' original order; the
 * returned strings are the candidates as given (original casing), without duplicates.
 */
export function suggest(word: string, candidates: readonly string[], max = 3): string[] {
  const needle = word.trim().toLowerCase();
  if (needle.length === 0 || max <= 0) return [];
  const threshold = Math.max(1, Math.floor(Array.from(needle).length / 3));
  const seen = new Set<string>();
  const scored: { candidate: string; distance: number; index: number }[] = [];
  candidates.forEach((candidate, index) => {
    if (seen.has(candidate)) return;
    seen.add(candidate);
    const distance = editDistance(needle, candidate.toLowerCase(), threshold);
    if (distance <= threshold) scored.push({ candidate, distance, index });
  });
  scored.sort((x, y) => x.distance - y.distance || x.index - y.index);
  return scored.slice(0, max).map((s) => s.candidate);
}
