/**
 * multiscaleFlow builds its flow from the caller's ActNorm, 1×1 convolution and affine coupling
 * classes (the notebook passes the student's), and initializeActNorms initialises any layer with an
 * `initialize(x)` method, not only the library's ActNorm. With `affineCoupling: "none"` it builds
 * the same flow without couplings.
 *
 * The custom classes here delegate to the library's layers without extending them, so that
 * `instanceof ActNorm` is false: a flow built from them must compute exactly what the library's
 * own flow computes with the same seeds, which shows every layer was built and initialised.
 */
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { selectBackend } from "../../src/backend";
import type { Bijector, BijectorResult } from "../../src/bijectors";
import { flowLayers, imageShape, initializeActNorms, multiscaleFlow, type ImageShape, type MultiscaleFlowOptions } from "../../src/bijectors/image";
import type { CouplingOptions } from "../../src/bijectors/masked-coupling";
import { expectValidBijector } from "../../src/checks";
import { ActNorm } from "../../solutions/actnorm";
import { AffineCoupling } from "../../solutions/affine-coupling";
import { Invertible1x1Conv, type Invertible1x1ConvOptions } from "../../solutions/invertible-conv";

beforeAll(async () => {
  await selectBackend("wasm");
});

const log: string[] = [];

/** Delegates to a library layer; records its construction and initialisation in `log`. */
class Delegate implements Bijector {
  constructor(readonly inner: Bijector, readonly name: string) {
    log.push(`new ${name}`);
  }
  get dim() {
    return this.inner.dim;
  }
  forward(x: tf.Tensor2D): BijectorResult {
    return this.inner.forward(x);
  }
  inverse(z: tf.Tensor2D): BijectorResult {
    return this.inner.inverse(z);
  }
  trainableVariables() {
    return this.inner.trainableVariables();
  }
  dispose() {
    this.inner.dispose();
  }
}

class MyActNorm extends Delegate {
  constructor(shape: ImageShape) {
    super(new ActNorm(shape), `MyActNorm(${shape.height}x${shape.width}x${shape.channels})`);
  }
  initialize(x: tf.Tensor2D): void {
    log.push(`init ${this.name} on [${x.shape}]`);
    (this.inner as ActNorm).initialize(x);
  }
}

class MyConv extends Delegate {
  constructor(shape: ImageShape, options?: Invertible1x1ConvOptions) {
    super(new Invertible1x1Conv(shape, options), `MyConv(${shape.height}x${shape.width}x${shape.channels}, seed ${options?.seed})`);
  }
}

/** Exercise (b)'s reference class, recording its construction and its forward calls in `log`. */
class MyCoupling extends AffineCoupling {
  constructor(mask: number[], options?: CouplingOptions) {
    super(mask, options);
    log.push(`new MyCoupling(D=${mask.length}, seed ${options?.seed})`);
  }
  override forward(x: tf.Tensor2D): BijectorResult {
    log.push(`forward ${this.name}`);
    return super.forward(x);
  }
}

const shape = imageShape(4, 4, 1);

describe("multiscaleFlow with the caller's layer classes", () => {
  it("builds every ActNorm, 1×1 conv and coupling from the given classes (the couplings run the class's forward), and initializeActNorms initialises them in forward order", async () => {
    log.length = 0;
    const mine = multiscaleFlow({ shape, levels: 1, steps: 2, hidden: 4, seed: 3, actNorm: MyActNorm, invertibleConv: MyConv, affineCoupling: MyCoupling });
    const theirs = multiscaleFlow({ shape, levels: 1, steps: 2, hidden: 4, seed: 3, actNorm: ActNorm, invertibleConv: Invertible1x1Conv, affineCoupling: AffineCoupling });
    const x = tf.randomUniform([32, 16], 0, 1, "float32", 5) as tf.Tensor2D;
    try {
      // 2 steps at 4x4x1 (no conv: one channel), 2 at 2x2x4, 2 at 2x2x2 after the split.
      expect(log.filter((l) => l.startsWith("new MyActNorm"))).toHaveLength(6);
      expect(log.filter((l) => l.startsWith("new MyConv"))).toEqual(["new MyConv(2x2x4, seed 5)", "new MyConv(2x2x4, seed 7)", "new MyConv(2x2x2, seed 9)", "new MyConv(2x2x2, seed 11)"]);
      expect(log.filter((l) => l.startsWith("new MyCoupling"))).toEqual([3, 4, 6, 8, 10, 12].map((seed) => `new MyCoupling(D=${seed < 10 ? 16 : 8}, seed ${seed})`));
      expect(mine.trainableVariables().length).toBe(theirs.trainableVariables().length);

      const before = tf.memory().numTensors;
      expect(initializeActNorms(mine, x)).toBe(6);
      expect(tf.memory().numTensors).toBe(before);
      expect(log.filter((l) => l.startsWith("init"))).toEqual([
        "init MyActNorm(4x4x1) on [32,16]",
        "init MyActNorm(4x4x1) on [32,16]",
        "init MyActNorm(2x2x4) on [32,16]",
        "init MyActNorm(2x2x4) on [32,16]",
        "init MyActNorm(2x2x2) on [32,8]",
        "init MyActNorm(2x2x2) on [32,8]",
      ]);
      expect(initializeActNorms(theirs, x)).toBe(6);

      log.length = 0;
      const a = mine.forward(x);
      expect(log).toEqual([
        "forward ImageAffineCoupling(4x4x1, checkerboard 0, conv)",
        "forward ImageAffineCoupling(4x4x1, checkerboard 1, conv)",
        "forward ImageAffineCoupling(2x2x4, channel 0, conv)",
        "forward ImageAffineCoupling(2x2x4, channel 1, conv)",
        "forward ImageAffineCoupling(2x2x2, channel 0, conv)",
        "forward ImageAffineCoupling(2x2x2, channel 1, conv)",
      ]);
      const b = theirs.forward(x);
      const diff = tf.tidy(() => tf.maximum(tf.max(tf.abs(tf.sub(a.output, b.output))), tf.max(tf.abs(tf.sub(a.logDet, b.logDet)))));
      expect((await diff.data())[0]).toBe(0);
      // The data-dependent init moved the parameters: the first ActNorm is no longer the identity.
      const firstLogScale = await (mine.bijectors[0] as MyActNorm).inner.trainableVariables()[0].data();
      expect(Math.abs(firstLogScale[0])).toBeGreaterThan(0.1);
      tf.dispose([a.output, a.logDet, b.output, b.logDet, diff]);
    } finally {
      tf.dispose(x);
      mine.dispose();
      theirs.dispose();
    }
  });

  it("refuses a class that is not a constructor, or one that builds a layer of the wrong dimension", () => {
    expect(() => multiscaleFlow({ shape, actNorm: null as unknown as typeof ActNorm, invertibleConv: Invertible1x1Conv, affineCoupling: AffineCoupling })).toThrow(/multiscaleFlow: 'actNorm' must be a class \(a constructor\); got null/);
    class Wrong extends Delegate {
      constructor() {
        super(new ActNorm(imageShape(2, 2, 1)), "Wrong");
      }
    }
    expect(() => multiscaleFlow({ shape, invertibleConv: Wrong, actNorm: ActNorm, affineCoupling: AffineCoupling })).toThrow(/'invertibleConv' built Wrong of dimension 4 for images 2x2x4; it must be 16/);
  });

  it("refuses a missing affineCoupling, another string than \"none\", and a class without exercise (b)'s scaleAndShift", () => {
    const options = { shape, actNorm: ActNorm, invertibleConv: Invertible1x1Conv };
    expect(() => multiscaleFlow(options as unknown as MultiscaleFlowOptions)).toThrow(/multiscaleFlow: 'affineCoupling' must be a class \(a constructor\) or "none"; got undefined/);
    expect(() => multiscaleFlow({ ...options, affineCoupling: "linear" as "none" })).toThrow(/'affineCoupling' must be a class \(a constructor\) or "none"; got "linear"/);
    class NoHook extends Delegate {
      constructor(mask: number[]) {
        super(new ActNorm(imageShape(1, 1, mask.length)), "NoHook");
      }
    }
    const noHook = NoHook as unknown as MultiscaleFlowOptions["affineCoupling"];
    expect(() => multiscaleFlow({ ...options, affineCoupling: noHook })).toThrow(/'affineCoupling' must be a class like exercise \(b\)'s AffineCoupling, with a scaleAndShift\(v\) method; NoHook has none/);
  });

  it('affineCoupling: "none" builds the same steps without couplings, a linear flow with the same seeds, and a valid bijector', async () => {
    log.length = 0;
    const linear = multiscaleFlow({ shape, levels: 1, steps: 2, hidden: 4, seed: 3, actNorm: ActNorm, invertibleConv: MyConv, affineCoupling: "none" });
    try {
      expect(log).toEqual(["new MyConv(2x2x4, seed 5)", "new MyConv(2x2x4, seed 7)", "new MyConv(2x2x2, seed 9)", "new MyConv(2x2x2, seed 11)"]);
      const names = flowLayers(linear).map((b) => b.name);
      expect(names.filter((n) => /Coupling/.test(n))).toEqual([]);
      expect(names.filter((n) => n.startsWith("ActNorm"))).toHaveLength(6);
      await expectValidBijector(linear, { seed: 3, randomizeStd: 0.1 });
    } finally {
      linear.dispose();
    }
  });
});
