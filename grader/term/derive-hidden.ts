/**
 * A fresh set of hidden cases from an instructor's secret, for a new term: the same families and
 * counts as the shipped rubric, each number drawn from a keyed hash of the secret, so the same
 * secret always gives the same cases and nobody without it can predict them.
 *
 * Draws: u_k = first 4 bytes of HMAC-SHA256(secret, "flowlab-hidden-cases/v1/<attempt>/<k>"),
 * as a uint32; `int(lo, hi)` = lo + u_k mod (hi − lo + 1). Ranges (kept within the rubric schema
 * and small enough that grading time stays that of the shipped cases):
 *   coupling (a), (b): 2 cases; D ∈ [3, 6]; a mask with at least one 1 (kept) and one 0
 *     (transformed); 1 or 2 hidden layers, widths ∈ [8, 32];
 *   nll (c): 2 cases, D ∈ [2, 8];
 *   image (d), (e): 1 case, H, W ∈ [2, 4], C ∈ [2, 4], H·W·C ≤ 32 (the black-box log-det costs
 *     4·D forward rows per point);
 *   dequantization (f): 1 case, D ∈ [4, 16], K ∈ [4, 64] levels;
 *   maf (g): 1 case, D ∈ [3, 6], two hidden layers, widths ∈ [max(D, 8), 16] (≥ D − 1, so the
 *     MADE masks connect);
 *   seeds ∈ [1000, 2³¹ − 1] (the shipped and public cases use seeds below 1000).
 * `attempt` selects another independent draw from the same secret (used when the reference
 * solutions fail a drawn case).
 */
import { createHmac } from "node:crypto";
import type { ExerciseCases } from "../../src/checks/exercises";

export type HiddenCases = Required<ExerciseCases>;

/** The secret's bytes: a file's contents, trimmed; at least 16 characters, so it cannot be guessed. */
export function secretFromText(text: string): Buffer {
  const secret = text.trim();
  if (secret.length < 16) throw new RangeError(`the secret must be at least 16 characters (e.g. \`openssl rand -hex 32 > term.secret\`); got ${secret.length}`);
  return Buffer.from(secret, "utf8");
}

/** A stream of integers drawn from HMAC-SHA256(secret, label). */
function draws(secret: Buffer, attempt: number) {
  let k = 0;
  const next = () => createHmac("sha256", secret).update(`flowlab-hidden-cases/v1/${attempt}/${k++}`).digest().readUInt32BE(0);
  return {
    int: (lo: number, hi: number) => lo + (next() % (hi - lo + 1)),
    seed: () => 1000 + (next() % (2 ** 31 - 1000)),
  };
}

export function deriveHiddenCases(secret: Buffer, attempt = 0): HiddenCases {
  const d = draws(secret, attempt);
  const coupling = [0, 1].map(() => {
    const dim = d.int(3, 6);
    let mask = Array.from({ length: dim }, () => d.int(0, 1));
    if (!mask.includes(0)) mask[d.int(0, dim - 1)] = 0;
    if (!mask.includes(1)) mask[d.int(0, dim - 1)] = 1;
    mask = mask.map((b) => (b ? 1 : 0));
    const hidden = Array.from({ length: d.int(1, 2) }, () => d.int(8, 32));
    return { mask, hidden, seed: d.seed() };
  });
  const nll = [0, 1].map(() => ({ dim: d.int(2, 8), seed: d.seed() }));
  let shape = { height: d.int(2, 4), width: d.int(2, 4), channels: d.int(2, 4) };
  while (shape.height * shape.width * shape.channels > 32) shape = { ...shape, height: shape.height - 1 };
  const image = [{ shape, seed: d.seed() }];
  const dequantization = [{ dim: d.int(4, 16), levels: d.int(4, 64), seed: d.seed() }];
  const mafDim = d.int(3, 6);
  const maf = [{ dim: mafDim, hidden: [d.int(Math.max(mafDim, 8), 16), d.int(Math.max(mafDim, 8), 16)], seed: d.seed() }];
  return { coupling, nll, image, dequantization, maf };
}

/** The exercises that run each family of hidden cases: a family is verified only when all of them are graded. */
export const CASE_FAMILY_EXERCISES: Record<keyof HiddenCases, readonly string[]> = {
  coupling: ["additive-coupling", "affine-coupling"],
  nll: ["nll"],
  image: ["actnorm", "invertible-conv"],
  dequantization: ["dequantization"],
  maf: ["made-maf"],
};
