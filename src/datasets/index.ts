/**
 * The toy datasets, one file each, and `makeDataset(name, options)` to pick one by name:
 *
 *   const data = makeDataset("checkerboard", { nTrain: 5000, seed: 1 });
 *   data.entropy;   // log 8: the lowest expected test NLL any model can reach
 */
import { checkerboard } from "./checkerboard";
import { circles } from "./circles";
import { DATASET_NAMES, type Dataset2D, type DatasetName, type DatasetOptions } from "./dataset";
import { eightGaussians } from "./eight-gaussians";
import { moons } from "./moons";
import { pinwheel } from "./pinwheel";
import { spirals } from "./spirals";

export * from "./dataset";
export * from "./moons";
export * from "./circles";
export * from "./eight-gaussians";
export * from "./pinwheel";
export * from "./spirals";
export * from "./checkerboard";

/** Every name in DATASET_NAMES mapped to its generator (the Record type makes a missing one a type error). */
export const DATASET_GENERATORS: Readonly<Record<DatasetName, (options?: DatasetOptions) => Dataset2D>> = {
  moons,
  circles,
  "eight-gaussians": eightGaussians,
  pinwheel,
  spirals,
  checkerboard,
};

/** The dataset called `name`, generated with `options` (sizes and seed; see DatasetOptions). */
export function makeDataset(name: DatasetName, options: DatasetOptions = {}): Dataset2D {
  if (typeof name !== "string" || !Object.hasOwn(DATASET_GENERATORS, name)) {
    const valid = DATASET_NAMES.map((n) => `"${n}"`).join(", ");
    const got = typeof name === "string" ? JSON.stringify(name) : String(name);
    throw new RangeError(`makeDataset: 'name' must be one of ${valid}; got ${got}.`);
  }
  return DATASET_GENERATORS[name](options);
}
export * from "./digits";
