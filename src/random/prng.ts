/**
 * Seeded pseudo-random numbers in plain JavaScript (float64), so that data, batches and grader
 * inputs are identical on every backend and machine.
 *
 * `mulberry32` is a 32-bit generator with period 2^32: plenty for toy data and minibatch order.
 * Normals use Box–Muller: z = sqrt(−2 ln u1) cos(2π u2).
 */
export class Rng {
  private state: number;

  constructor(seed: number) {
    if (!Number.isFinite(seed)) throw new RangeError(`Rng: 'seed' must be a finite number; got ${seed}.`);
    this.state = (Math.floor(seed) ^ 0x9e3779b9) >>> 0;
  }

  /** Uniform on [0, 1). */
  uniform(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Uniform on [lo, hi). */
  range(lo: number, hi: number): number {
    return lo + (hi - lo) * this.uniform();
  }

  /** Integer uniform on {0, …, n − 1}. */
  int(n: number): number {
    return Math.floor(this.uniform() * n);
  }

  /** Standard normal N(0, 1), Box–Muller. */
  normal(): number {
    let u1 = this.uniform();
    while (u1 <= Number.MIN_VALUE) u1 = this.uniform();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * this.uniform());
  }

  /** A uniformly random permutation of 0 … n − 1 (Fisher–Yates). */
  permutation(n: number): number[] {
    const p = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [p[i], p[j]] = [p[j], p[i]];
    }
    return p;
  }

  /** An n × d matrix of standard normals, as rows. */
  normalRows(n: number, d: number): number[][] {
    return Array.from({ length: n }, () => Array.from({ length: d }, () => this.normal()));
  }
}
