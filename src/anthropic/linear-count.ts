/**
 * BPE merges cost the square of a pre-token's length: one 256 K-character word
 * took minutes. Runs without whitespace are counted in slices of this many
 * characters (a token never spans more than a few dozen), which keeps the cost
 * linear and the count within a token per slice.
 */
const RUN_SLICE = 128

/** `count`'s result with long runs sliced, so that the cost stays linear in the length (a plain scan: a regex was itself slow on such runs). */
export function linearCount(count: (text: string) => number, text: string): number {
  let total = 0
  let start = 0
  let runStart = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === 32 || c === 10 || c === 9 || c === 13) {
      runStart = i + 1
    } else if (i - runStart >= RUN_SLICE && (c < 0xdc00 || c > 0xdfff)) {
      // Cut before i (never inside a surrogate pair: half an emoji counts as a replacement character).
      total += count(text.slice(start, i))
      start = runStart = i
    }
  }
  return total + count(text.slice(start))
}
