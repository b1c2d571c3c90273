/**
 * The fixed RealNVP configuration that every benchmark measures, the same as the reference in
 * shared/FACTS.md: 8 affine couplings with alternating masks, conditioner MLPs with two hidden
 * layers of 64 ReLU units, s = tanh(raw); Adam lr 1e-3, batch 512; two moons, seed 0.
 */
import { selectBackend, type BackendChoice } from "../../src/backend";
import { makeDataset } from "../../src/datasets";
import { couplingFlow } from "../../src/flows";
import { AffineCoupling } from "../../solutions/affine-coupling";

export const REFERENCE = { layers: 8, hidden: [64, 64], batchSize: 512, learningRate: 1e-3, seed: 0, dataset: "moons" } as const;
/** Held-out NLL target on two moons: the reference's 1.18 nats plus the tests' 0.05 margin. */
export const MOONS_TARGET_NLL = 1.23;

export function referenceFlow() {
  return couplingFlow(AffineCoupling, { dim: 2, layers: REFERENCE.layers, hidden: [...REFERENCE.hidden], seed: REFERENCE.seed });
}

export function referenceData() {
  return makeDataset(REFERENCE.dataset, { seed: REFERENCE.seed });
}

/** The backends that start here, in `auto` order; each is activated in turn. */
export async function availableBackends(): Promise<{ choice: BackendChoice; line: string }[]> {
  const out: { choice: BackendChoice; line: string }[] = [];
  for (const choice of ["tensorflow", "webgpu", "wasm", "cpu"] as const) {
    try {
      out.push({ choice, line: (await selectBackend(choice)).line });
    } catch (err) {
      console.log(`- ${choice}: unavailable (${(err as Error).message.split(". See")[0]})`);
    }
  }
  return out;
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** `--name value` from argv, or the default. */
export function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}
