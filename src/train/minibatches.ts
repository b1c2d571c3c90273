/**
 * Seeded minibatch order: each epoch is a fresh permutation of the rows, drawn from one seed,
 * so a run is reproducible on every backend.
 */
import { Rng } from "../random/prng";

export class MinibatchSampler {
  private readonly rng: Rng;
  private order: number[] = [];
  private cursor = 0;

  constructor(private readonly n: number, private readonly batchSize: number, seed: number) {
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`MinibatchSampler: 'batchSize' must be a positive integer; got ${batchSize}.`);
    if (n < 1) throw new RangeError(`MinibatchSampler: the data must have at least one row; got ${n}.`);
    this.rng = new Rng(seed);
  }

  /** The row indices of the next batch (min(batchSize, n) of them, without repeats). */
  next(): Int32Array {
    const size = Math.min(this.batchSize, this.n);
    const out = new Int32Array(size);
    for (let i = 0; i < size; i++) {
      if (this.cursor >= this.order.length) {
        this.order = this.rng.permutation(this.n);
        this.cursor = 0;
      }
      out[i] = this.order[this.cursor++];
    }
    return out;
  }
}
