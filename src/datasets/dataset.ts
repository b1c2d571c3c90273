/**
 * The shape of every toy dataset: seeded points in the plane with a fixed train/test split.
 *
 * Where the generator defines a density in closed form, `logDensity` gives it exactly and
 * `entropy` reports H(p) = −E_p[log p(x)] in nats. No model can have an expected test NLL below
 * H(p) (Gibbs' inequality: E_p[−log q] = H(p) + KL(p‖q) ≥ H(p)), so it is the floor to compare
 * a trained flow against.
 */
import { Rng } from "../random/prng";
export type Point = [number, number];

export interface Dataset2D {
  name: DatasetName;
  /** One sentence for plot titles and notebooks. */
  description: string;
  train: Point[];
  test: Point[];
  /** Exact log-density, where the generator defines one (8 gaussians, checkerboard). */
  logDensity?: (points: readonly Point[]) => number[];
  /** H(p) in nats, where known: exact in closed form, or a Monte Carlo estimate (see `entropyNote`). */
  entropy?: number;
  /** How `entropy` was obtained, e.g. "exact" or "Monte Carlo, 200000 samples, ±0.003 (2 s.e.)". */
  entropyNote?: string;
}

export interface DatasetOptions {
  /** Training points. Default 10000. */
  nTrain?: number;
  /** Held-out points. Default 2000. */
  nTest?: number;
  /** Default 0. Train and test are drawn from one stream, so a seed fixes both. */
  seed?: number;
}

export const DATASET_NAMES = ["moons", "circles", "eight-gaussians", "pinwheel", "spirals", "checkerboard"] as const;
export type DatasetName = (typeof DATASET_NAMES)[number];

export const DEFAULT_SIZES = { nTrain: 10000, nTest: 2000 } as const;

/**
 * The skeleton every generator shares: validate the options, draw nTrain + nTest points with
 * `draw` from one Rng stream seeded by `seed`, and split them (the first nTrain train, the rest
 * test). A generator only writes how one point is drawn.
 */
export function drawSplit(name: DatasetName, options: DatasetOptions, draw: (rng: Rng) => Point): { train: Point[]; test: Point[] } {
  const { nTrain, nTest, seed } = resolveSizes(name, options);
  const rng = new Rng(seed);
  const points = Array.from({ length: nTrain + nTest }, () => draw(rng));
  return { train: points.slice(0, nTrain), test: points.slice(nTrain) };
}

/** The option names a generator accepts; anything else is almost certainly a typo. */
const OPTION_KEYS: readonly string[] = ["nTrain", "nTest", "seed"];

function describeValue(value: unknown): string {
  return typeof value === "string" ? JSON.stringify(value) : String(value);
}

/**
 * The one validator every generator calls: fills in the defaults (DEFAULT_SIZES, seed 0) and
 * rejects bad options with a message naming the dataset, the argument, the rule and the value:
 *
 *   resolveSizes("moons", { nTrain: -3 })
 *   // RangeError: moons: 'nTrain' must be a positive integer; got -3.
 *
 * nTrain ≥ 1 and nTest ≥ 0 (an empty test set is allowed, e.g. to plot a few points), both
 * integers; seed any finite number (the Rng floors it). Unknown option names are rejected too.
 */
export function resolveSizes(name: DatasetName, options: DatasetOptions = {}): Required<DatasetOptions> {
  const opts = options ?? {};
  for (const key of Object.keys(opts)) {
    if (!OPTION_KEYS.includes(key)) {
      throw new RangeError(`${name}: unknown option '${key}'; the options are ${OPTION_KEYS.map((k) => `'${k}'`).join(", ")}.`);
    }
  }
  const { nTrain = DEFAULT_SIZES.nTrain, nTest = DEFAULT_SIZES.nTest, seed = 0 } = opts;
  if (typeof nTrain !== "number" || !Number.isInteger(nTrain) || nTrain < 1) {
    throw new RangeError(`${name}: 'nTrain' must be a positive integer; got ${describeValue(nTrain)}.`);
  }
  if (typeof nTest !== "number" || !Number.isInteger(nTest) || nTest < 0) {
    throw new RangeError(`${name}: 'nTest' must be a non-negative integer; got ${describeValue(nTest)}.`);
  }
  if (typeof seed !== "number" || !Number.isFinite(seed)) {
    throw new RangeError(`${name}: 'seed' must be a finite number; got ${describeValue(seed)}.`);
  }
  return { nTrain, nTest, seed };
}
