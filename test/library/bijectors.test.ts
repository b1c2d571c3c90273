/**
 * Every bijector in src/ and solutions/ passes the one shared validator, and the validator
 * itself fails on planted bugs (so these tests can fail).
 */
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { selectBackend } from "../../src/backend";
import { alternatingMask, Chain, DiagonalScale, MaskedCoupling, Permutation, ShapeError, type Bijector, type BijectorResult } from "../../src/bijectors";
import { checkBijector, expectValidBijector, BijectorCheckError } from "../../src/checks";
import { couplingFlow } from "../../src/flows";
import { AdditiveCoupling, AffineCoupling } from "../../solutions";

beforeAll(async () => {
  await selectBackend("wasm");
});

const cases: [string, () => Bijector, number?][] = [
  ["AffineCoupling, mask [1,0]", () => new AffineCoupling([1, 0], { seed: 1 })],
  ["AffineCoupling, mask [0,1]", () => new AffineCoupling([0, 1], { seed: 2 })],
  ["AffineCoupling in 5-D, mask [1,0,1,1,0]", () => new AffineCoupling([1, 0, 1, 1, 0], { hidden: [16], seed: 3 })],
  ["AdditiveCoupling, mask [1,0]", () => new AdditiveCoupling([1, 0], { seed: 4 })],
  ["AdditiveCoupling in 4-D", () => new AdditiveCoupling(alternatingMask(4, 1), { hidden: [32, 32], seed: 5 })],
  ["DiagonalScale", () => new DiagonalScale(3)],
  ["Permutation.reverse", () => Permutation.reverse(3)],
  ["Permutation.random", () => Permutation.random(6, 11)],
  ["Chain of couplings and permutations", () => new Chain([new AffineCoupling([1, 0, 0], { seed: 6 }), Permutation.random(3, 1), new AdditiveCoupling([0, 1, 1], { seed: 7 }), new DiagonalScale(3)]), 0.1],
  ["RealNVP, 8 affine couplings", () => couplingFlow(AffineCoupling, { dim: 2, layers: 8 }), 0.1],
  ["NICE, 4 additive couplings and a scale", () => couplingFlow(AdditiveCoupling, { dim: 2, layers: 4, finalScale: true }), 0.1],
];

describe("every bijector passes the shared validator", () => {
  for (const [label, make, std] of cases) {
    it(`${label}: shapes, round trips, log-dets, gradients, determinism, no leak`, async () => {
      const b = make();
      try {
        await expectValidBijector(b, { seed: 3, randomizeStd: std ?? 0.5 });
      } finally {
        b.dispose();
      }
    });
  }
});

/** An affine coupling with one planted bug, to prove the validator catches it. */
class PlantedBug extends MaskedCoupling {
  constructor(private readonly bug: "log-det sign" | "mask ignored" | "inverse conditions on transformed half" | "random noise" | "leaks") {
    super("PlantedBug", [1, 0], 2, { seed: 9 });
  }
  private st(v: tf.Tensor2D) {
    const [raw, t] = tf.split(this.conditioner.apply(v), 2, 1);
    return { s: tf.mul(tf.tanh(raw), this.inverseMask), t: tf.mul(t, this.inverseMask) };
  }
  forward(x: tf.Tensor2D): BijectorResult {
    const run = () => {
      const { s, t } = this.st((this.bug === "mask ignored" ? x : tf.mul(x, this.mask)) as tf.Tensor2D);
      const noise = this.bug === "random noise" ? tf.randomNormal(x.shape, 0, 1e-3) : tf.zerosLike(x);
      const z = tf.add(tf.add(tf.mul(x, tf.exp(s)), t), noise) as tf.Tensor2D;
      const logDet = tf.sum(s, 1) as tf.Tensor1D;
      return { output: z, logDet: this.bug === "log-det sign" ? (tf.neg(logDet) as tf.Tensor1D) : logDet };
    };
    if (this.bug === "leaks") {
      tf.zeros([3]); // a tensor created outside tidy and never disposed
    }
    return tf.tidy(run);
  }
  inverse(z: tf.Tensor2D): BijectorResult {
    return tf.tidy(() => {
      const cond = this.bug === "inverse conditions on transformed half" ? tf.mul(z, this.inverseMask) : this.bug === "mask ignored" ? z : tf.mul(z, this.mask);
      const { s, t } = this.st(cond as tf.Tensor2D);
      const x = tf.mul(tf.sub(z, t), tf.exp(tf.neg(s))) as tf.Tensor2D;
      return { output: x, logDet: tf.neg(tf.sum(s, 1)) as tf.Tensor1D };
    });
  }
}

describe("the validator catches planted bugs", () => {
  const expectations: [ConstructorParameters<typeof PlantedBug>[0], string[]][] = [
    ["log-det sign", ["log-det-forward", "inverse-log-det"]],
    ["mask ignored", ["round-trip-forward", "round-trip-inverse", "log-det-forward", "log-det-inverse"]],
    ["inverse conditions on transformed half", ["round-trip-forward", "round-trip-inverse", "log-det-inverse"]],
    ["random noise", ["deterministic"]],
    ["leaks", ["no-leak"]],
  ];
  for (const [bug, failing] of expectations) {
    it(`a coupling with "${bug}" fails ${failing.join(", ")}`, async () => {
      const b = new PlantedBug(bug);
      const results = await checkBijector(b, { seed: 1 });
      b.dispose();
      const failed = results.filter((r) => !r.passed).map((r) => r.check);
      for (const name of failing) expect(failed, `${bug}: ${JSON.stringify(results, null, 1)}`).toContain(name);
      const first = results.find((r) => r.check === failing[0])!;
      expect(first.message).toMatch(/^PlantedBug\(mask=\[1,0\]\)/);
      if (first.tolerance !== undefined) expect(first.message).toContain(" > ");
    });
  }

  it("expectValidBijector throws a BijectorCheckError that lists each failure with measured value and tolerance", async () => {
    const b = new PlantedBug("log-det sign");
    const err = await expectValidBijector(b).catch((e) => e);
    b.dispose();
    expect(err).toBeInstanceOf(BijectorCheckError);
    const unwrapped = err.message.replace(/\n +(?!hint: )(?=\S)/g, " "); // a message continues on indented rows
    expect(unwrapped).toMatch(/✘ log-det-forward +PlantedBug\(mask=\[1,0\]\): max \|forward logDet − log\|det J\|\(autodiff\)\| on the \w+ inputs = [\d.e-]+ > 0\.001/);
  });
});

describe("bad input gets a clear error", () => {
  const layer = () => new AffineCoupling([1, 0], { seed: 0 });
  it("wrong rank names the method, the argument and the shapes", () => {
    const b = layer();
    expect(() => b.forward(tf.zeros([4]) as unknown as tf.Tensor2D)).toThrow(/AffineCoupling\.forward: 'x' must have rank 2 \(shape \[batch, 2\]\); got rank 1/);
    b.dispose();
  });
  it("wrong number of columns says expected versus got", () => {
    const b = layer();
    expect(() => b.inverse(tf.zeros([4, 3]))).toThrow(/AffineCoupling\.inverse: 'z' must have 2 columns .*got 3/);
    b.dispose();
  });
  it("a plain array is refused with a hint", () => {
    const b = layer();
    expect(() => b.forward([[1, 2]] as unknown as tf.Tensor2D)).toThrow(ShapeError);
    b.dispose();
  });
  it("a mask that is not 0/1, or has no kept or no transformed part, is refused", () => {
    expect(() => new AffineCoupling([1, 2])).toThrow(/'mask' entries must be 0 or 1; got \[1,2\]/);
    expect(() => new AdditiveCoupling([1, 1])).toThrow(/must contain both a 1 .* and a 0/);
    expect(() => new AffineCoupling([])).toThrow(/non-empty/);
  });
  it("a chain of mismatched dimensions names the offending part", () => {
    expect(() => new Chain([new DiagonalScale(2), new DiagonalScale(3)])).toThrow(/bijectors\[1\] \(DiagonalScale\(3\)\) has 3/);
  });
  it("a permutation that is not one is refused", () => {
    expect(() => new Permutation([0, 0, 2])).toThrow(/each of 0…2 exactly once/);
  });
});
