/**
 * Deterministic bytes (xorshift32) for uploads and fixtures: the agent sends them, the harness
 * computes the same stream to know the digest, from this one definition.
 */
export function patternBytes(size: number, seed: number): Buffer {
  const out = Buffer.alloc(size);
  let state = seed >>> 0 || 1;
  for (let i = 0; i < size; i++) {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    out[i] = state & 0xff;
  }
  return out;
}
