/**
 * A bijector job, inside the subject: build the student's coupling layer (or a flow of them),
 * set the grader's weights, then answer, section by section:
 *   api       the class exists, builds, has the Bijector methods, and its trainableVariables()
 *             have the shapes the grader expects (the weights are set through them);
 *   call      forward or inverse on one input batch: the output and the log-det, as numbers;
 *   gradient  autodiff ∂L/∂θ for L = Σ a⊙z + c·Σ logDet (the grader checks it by finite differences);
 *   leak      repeated forward + inverse, after a "warm" mark, for the supervisor's memory reading.
 */
import * as tf from "@tensorflow/tfjs";
import type { Bijector } from "../../src/bijectors/bijector";
import { couplingFlow, type CouplingClass } from "../../src/flows/coupling-flow";
import { multiscaleFlow, type ActNormClass, type InvertibleConvClass } from "../../src/bijectors/image/multiscale-flow";
import { answer, collected, describeError, gradientValues, mark, notImplemented, problem, problemOf, readTensor, Refusal, toTensor } from "./answer";
import { loadStudentModule, moduleFile } from "./load-module";
import { answerMasks } from "./masks-job";
import type { BijectorCall, BijectorJob, BuildSpec, GradientRequest, LeakRequest, SubjectProblem } from "./protocol";

/** An image bijector class of exercises (d), (e): (shape, { seed }). */
type ImageClass = new (shape: { height: number; width: number; channels: number }, options: { seed: number }) => Bijector;

/** An autoregressive layer class of exercise (g): (dim, { hidden, seed, masks }). */
type AutoregressiveClass = new (dim: number, options: { hidden: number[]; seed: number; masks: number[][][] }) => Bijector;


/** Builds the object under test, or says why it cannot be built. */
export function buildBijector(spec: BuildSpec): { bijector?: Bijector; problem?: SubjectProblem; notImplemented?: string } {
  let mod: Record<string, unknown>;
  try {
    mod = loadStudentModule(spec.module);
  } catch (err) {
    return { problem: problemOf(err, (error) => problem("load-failed", { error })), notImplemented: notImplemented(err) };
  }
  const ctor = mod[spec.className];
  if (typeof ctor !== "function") return { problem: problem("no-class", { name: spec.className, exports: Object.keys(mod).join(", ") || problem("no-exports", {}) }) };
  if (spec.kind === "image-flow") return buildImageFlow(spec, ctor as ActNormClass);
  try {
    const bijector =
      spec.kind === "image"
        ? (new (ctor as ImageClass)({ ...spec.shape }, { seed: spec.seed }) as Bijector)
        : spec.kind === "coupling"
        ? (new (ctor as CouplingClass)([...spec.mask], { hidden: [...spec.hidden], seed: 0 }) as Bijector)
        : spec.kind === "autoregressive"
          ? (new (ctor as AutoregressiveClass)(spec.dim, { hidden: [...spec.hidden], seed: 0, masks: spec.masks }) as Bijector)
          : couplingFlow(ctor as CouplingClass, { dim: spec.dim, layers: spec.layers, hidden: [...spec.hidden], seed: 0 });
    for (const method of ["forward", "inverse", "trainableVariables", "dispose"] as const) {
      if (typeof (bijector as unknown as Record<string, unknown>)?.[method] !== "function") return { problem: problem("no-method", { method }) };
    }
    return { bijector };
  } catch (err) {
    return { problem: problem("constructor-threw", { name: spec.className, error: describeError(err) }), notImplemented: notImplemented(err) };
  }
}

/** The image likelihood's linear flow (no coupling) from the student's ActNorm and (from `convModule`) Invertible1x1Conv. */
function buildImageFlow(spec: Extract<BuildSpec, { kind: "image-flow" }>, actNorm: ActNormClass): { bijector?: Bijector; problem?: SubjectProblem; notImplemented?: string } {
  const file = moduleFile(spec.convModule);
  let conv: unknown;
  try {
    conv = loadStudentModule(spec.convModule).Invertible1x1Conv;
  } catch (err) {
    return { problem: problemOf(err, (error) => problem("file-load-failed", { file, error })), notImplemented: notImplemented(err) };
  }
  if (typeof conv !== "function") return { problem: problem("file-no-class", { file, name: "Invertible1x1Conv" }) };
  try {
    const { shape, levels, steps, seed } = spec;
    const logit = spec.logitAlpha === undefined ? false : { alpha: spec.logitAlpha };
    return { bijector: multiscaleFlow({ shape: { ...shape }, levels, steps, seed, actNorm, invertibleConv: conv as InvertibleConvClass, affineCoupling: "none", logit }) };
  } catch (err) {
    return { problem: problem("flow-threw", { error: describeError(err) }), notImplemented: notImplemented(err) };
  }
}

/** Sets every variable to the given flat values; throws a Refusal when the variables are not what the grader expects. */
export function setWeights(variables: tf.Variable[], weights: number[][], shapes: number[][]): void {
  if (variables.length !== shapes.length) throw new Refusal(problem("variables-count", { count: String(variables.length), expected: String(shapes.length) }));
  variables.forEach((v, i) => {
    if (v.shape.join() !== shapes[i].join()) throw new Refusal(problem("variable-shape", { index: String(i), shape: String(v.shape), expected: String(shapes[i]) }));
    tf.tidy(() => v.assign(tf.tensor(weights[i], shapes[i], "float32")));
  });
}

async function call(b: Bijector, c: BijectorCall, job: BijectorJob, variables: tf.Variable[]): Promise<void> {
  const x = toTensor(c.input);
  let result: { output?: unknown; logDet?: unknown } | undefined;
  try {
    if (c.weights) setWeights(variables, c.weights, job.weightShapes);
    result = c.direction === "forward" ? b.forward(x) : b.inverse(x);
    const output = await readTensor(result?.output);
    const logDet = await readTensor(result?.logDet);
    if ("problem" in output) answer({ section: "call", id: c.id, ok: false, error: problem("returned-output", { call: c.direction, value: output.problem }) });
    else if ("problem" in logDet) answer({ section: "call", id: c.id, ok: false, error: problem("returned-log-det", { call: c.direction, value: logDet.problem }) });
    else answer({ section: "call", id: c.id, ok: true, outputShape: output.shape, output: output.values, logDetShape: logDet.shape, logDet: logDet.values });
  } catch (err) {
    answer({ section: "call", id: c.id, ok: false, error: problemOf(err, (error) => problem("threw", { call: c.direction, error })), notImplemented: notImplemented(err) });
  } finally {
    x.dispose();
    for (const t of [result?.output, result?.logDet]) if (t instanceof tf.Tensor && !t.isDisposed) t.dispose();
    if (c.weights) setWeights(variables, job.weights, job.weightShapes);
  }
}

async function gradient(b: Bijector, g: GradientRequest, variables: tf.Variable[]): Promise<void> {
  const x = toTensor(g.input);
  const a = tf.tensor2d(g.outputWeights, [g.input.rows, g.input.dim]);
  const c = tf.scalar(g.logDetWeight);
  try {
    const { value, grads } = tf.variableGrads(() => {
      const r = b.forward(x);
      return tf.add(tf.sum(tf.mul(r.output, a)), tf.mul(tf.sum(r.logDet), c)) as tf.Scalar;
    }, variables);
    const out = await gradientValues(grads, variables);
    tf.dispose([value, ...Object.values(grads)]);
    answer({ section: "gradient", id: g.id, ok: true, grads: out });
  } catch (err) {
    answer({ section: "gradient", id: g.id, ok: false, error: problem("forward-gradient-failed", { error: describeError(err) }), notImplemented: notImplemented(err) });
  } finally {
    tf.dispose([x, a, c]);
  }
}

/** forward + inverse, outputs disposed, `warmup` times, then a "warm" mark, then `iterations` times. */
async function leak(b: Bijector, l: LeakRequest): Promise<void> {
  const x = toTensor(l.input);
  const once = () => {
    const f = b.forward(x);
    const g = b.inverse(f.output);
    tf.dispose([f.output, f.logDet, g.output, g.logDet]);
  };
  try {
    for (let i = 0; i < l.warmup; i++) once();
    const before = tf.memory().numTensors;
    mark("warm");
    for (let i = 0; i < l.iterations; i++) collected(once);
    answer({ section: "leak", ok: true, tensorsPerCall: (tf.memory().numTensors - before) / Math.max(1, l.iterations) });
  } catch (err) {
    answer({ section: "leak", ok: false, error: problem("threw", { call: "forward + inverse", error: describeError(err) }), notImplemented: notImplemented(err) });
  } finally {
    x.dispose();
  }
}

export async function runBijectorJob(job: BijectorJob): Promise<void> {
  if (job.masks) answerMasks(job.build.module, job.masks);
  const built = buildBijector(job.build);
  if (!built.bijector) {
    answer({ section: "api", ok: false, problem: built.problem, notImplemented: built.notImplemented });
    return;
  }
  const b = built.bijector;
  let variables: tf.Variable[];
  try {
    variables = b.trainableVariables();
    if (!Array.isArray(variables)) throw new Refusal(problem("variables-not-array", {}));
    setWeights(variables, job.weights, job.weightShapes);
  } catch (err) {
    answer({ section: "api", ok: false, problem: problemOf(err, (error) => problem("threw", { call: "trainableVariables()", error })) });
    return;
  }
  answer({ section: "api", ok: true, dim: b.dim, variableShapes: variables.map((v) => [...v.shape]) });
  for (const c of job.calls) await call(b, c, job, variables);
  if (job.gradient) await gradient(b, job.gradient, variables);
  if (job.leak) await leak(b, job.leak);
}
