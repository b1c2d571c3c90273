/**
 * The course's pretrained image flows: a manifest (JSON) beside a file of float32 weights.
 *
 * The manifest says how to rebuild the flow (its `architecture`: the options of `multiscaleFlow`),
 * on which data and how it was trained, and what it scored (held-out bits/dim), so a loaded model
 * can be checked against its own record. The weights are the vector of ./checkpoint.ts
 * (`readFlowWeights`), little-endian float32, with the manifest's `layers` saying which layer
 * owns which numbers; `sha256` guards the file.
 *
 * Loading takes the ActNorm, 1×1 convolution and affine coupling classes to build the flow with, so
 * notebook 05 loads the model into the student's own classes (the ActNorm and 1×1 convolution
 * through their weight layout; the couplings' weights are this library's conditioners) and
 * recomputes its bits/dim: a correct exercise (b)/(d)/(e) reproduces the manifest's figure.
 *
 * `npm run train:digits` (scripts/train/digits.ts) writes these files.
 *
 * @example
 *   const { flow, manifest } = await loadPretrainedFlow("pretrained/digits-glow.json", { actNorm: ActNorm, invertibleConv: Invertible1x1Conv, affineCoupling: AffineCoupling });
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import type { Chain } from "../chain";
import { loadFlowWeights, readFlowWeights, type CheckpointLayer } from "./checkpoint";
import type { ImageShape } from "./image-shape";
import type { AffineCouplingClass } from "./image-coupling";
import { multiscaleFlow, type ActNormClass, type InvertibleConvClass } from "./multiscale-flow";

export const CHECKPOINT_FORMAT = "flowlab-checkpoint/1";

/** How to rebuild the flow: `multiscaleFlow`'s options (without the classes). */
export interface PretrainedArchitecture {
  shape: ImageShape;
  levels: number;
  steps: number;
  hidden: number;
  conditioner: "conv" | "dense";
  seed: number;
  /** α of the Logit layer in front; null: no Logit layer. */
  logitAlpha: number | null;
}

export interface PretrainedManifest {
  format: typeof CHECKPOINT_FORMAT;
  model: string;
  architecture: PretrainedArchitecture;
  /** The data split (loadDigits options) and pixel levels K. */
  data: { dataset: string; size: number; nTrain: number; nTest: number; seed: number; levels: number };
  training: Record<string, unknown> & { steps: number };
  /** Held-out bits/dim of the saved weights, by `dequantizedBitsPerDim(flow, test, { seed, samples })`. */
  evaluation: { heldOutBitsPerDim: number; seed: number; samples: number; independentPixelBitsPerDim: number };
  backend: string;
  wallTimeSeconds: number;
  gitCommit: string;
  createdAt: string;
  parameters: number;
  weights: { file: string; dtype: "float32"; byteOrder: "little-endian"; count: number; sha256: string };
  layers: CheckpointLayer[];
}

export interface FlowClasses {
  actNorm: ActNormClass;
  invertibleConv: InvertibleConvClass;
  affineCoupling: AffineCouplingClass;
}

/** Builds the (untrained) flow an architecture describes, from the given classes. */
export function buildPretrainedArchitecture(arch: PretrainedArchitecture, classes: FlowClasses): Chain {
  return multiscaleFlow({
    shape: arch.shape, levels: arch.levels, steps: arch.steps, hidden: arch.hidden, conditioner: arch.conditioner, seed: arch.seed,
    actNorm: classes.actNorm, invertibleConv: classes.invertibleConv, affineCoupling: classes.affineCoupling, logit: arch.logitAlpha === null ? false : { alpha: arch.logitAlpha },
  });
}

function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** Writes `flow`'s weights next to `manifestPath` (same name, .bin) and the manifest, with its weights and layers filled in. */
export async function savePretrainedFlow(manifestPath: string, flow: Chain, manifest: Omit<PretrainedManifest, "weights" | "layers" | "format" | "parameters">): Promise<PretrainedManifest> {
  const { values, layers } = await readFlowWeights(flow);
  const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  const file = basename(manifestPath).replace(/\.json$/, "") + ".bin";
  writeFileSync(join(dirname(manifestPath), file), bytes);
  const parameters = flow.trainableVariables().reduce((n, v) => n + v.size, 0);
  const full: PretrainedManifest = { format: CHECKPOINT_FORMAT, ...manifest, parameters, weights: { file, dtype: "float32", byteOrder: "little-endian", count: values.length, sha256: sha256(bytes) }, layers };
  writeFileSync(manifestPath, JSON.stringify(full, null, 2) + "\n");
  return full;
}

/** Reads a manifest and checks its format. */
export function readPretrainedManifest(manifestPath: string): PretrainedManifest {
  if (!existsSync(manifestPath)) throw new Error(`loadPretrainedFlow: no manifest at ${manifestPath}; run \`npm run train:digits\` to create it.`);
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as PretrainedManifest;
  if (manifest.format !== CHECKPOINT_FORMAT) throw new Error(`loadPretrainedFlow: ${manifestPath} has format ${JSON.stringify(manifest.format)}; expected ${CHECKPOINT_FORMAT}.`);
  return manifest;
}

/** Rebuilds the flow of `manifestPath` from `classes` and loads its weights (checked by sha256). */
export async function loadPretrainedFlow(manifestPath: string, classes: FlowClasses): Promise<{ flow: Chain; manifest: PretrainedManifest }> {
  const manifest = readPretrainedManifest(manifestPath);
  const bytes = readFileSync(join(dirname(manifestPath), manifest.weights.file));
  if (sha256(bytes) !== manifest.weights.sha256) throw new Error(`loadPretrainedFlow: ${manifest.weights.file} does not match its manifest's sha256 (a changed or truncated file).`);
  const values = new Float32Array(bytes.byteLength / 4);
  new Uint8Array(values.buffer).set(bytes);
  const flow = buildPretrainedArchitecture(manifest.architecture, classes);
  try {
    await loadFlowWeights(flow, values, manifest.layers);
  } catch (err) {
    flow.dispose();
    throw err;
  }
  return { flow, manifest };
}
