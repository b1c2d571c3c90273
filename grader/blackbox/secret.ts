/**
 * The grader's secret: a string in the autograder's rubric (`secret`) that the student release
 * replaces with {@link PUBLIC_STAND_IN} (grader/release/public-rubric.ts). Every number a student
 * must not be able to reproduce comes from it: the points where the log-det is measured and the
 * directions of their finite differences, the decoy rows and the order of the rows in a batch,
 * which rows are evaluated a second time, the held-out data of both likelihood tests.
 *
 *   secretRng(secret, ...salt) = Rng(first 32 bits of SHA-256(secret ‖ salt))
 *
 * The salt names the use and the case ("fd", exercise, case seed), so the streams are independent.
 */
import { createHash } from "node:crypto";
import { Rng } from "../../src/random/prng";

/** The stand-in of the student release's rubric: public, so it keeps nothing secret from anyone. */
export const PUBLIC_STAND_IN = "public-stand-in: the autograder's rubric holds the real secret";

export function secretSeed(secret: string, ...salt: (string | number)[]): number {
  return createHash("sha256").update([secret, ...salt].join("\u0000")).digest().readUInt32LE(0);
}

export function secretRng(secret: string, ...salt: (string | number)[]): Rng {
  return new Rng(secretSeed(secret, ...salt));
}

/** A uniformly random permutation of 0 … n − 1 (Fisher–Yates). */
export function permutation(n: number, rng: Rng): number[] {
  const p = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [p[i], p[j]] = [p[j], p[i]];
  }
  return p;
}
