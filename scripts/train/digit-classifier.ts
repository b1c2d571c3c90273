/**
 * `npm run train:classifier`: trains the course's digit classifier (src/eval/digit-classifier.ts)
 * on notebook 05's 14×14 training digits and writes notebooks/pretrained/digit-classifier.json
 * (options, split, held-out accuracy, training time, backend, weights). Deterministic from the
 * seed on a given backend. Notebook 05 loads it to label the pretrained flow's samples.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { selectBackend } from "../../src/backend/index";
import { loadDigits } from "../../src/datasets/digits";
import { digitClassifierFile, trainDigitClassifier } from "../../src/eval/digit-classifier";

const OUT = "notebooks/pretrained/digit-classifier.json";
const DATA = { size: 14 as const, nTrain: 8000, nTest: 1000, seed: 0 };

async function main() {
  const backend = await selectBackend();
  console.log(backend.line);
  const digits = await loadDigits(DATA);
  const { classifier, testAccuracy, trainSeconds } = await trainDigitClassifier(digits);
  console.log(`digit classifier: ${(100 * testAccuracy).toFixed(1)}% of the ${digits.test.count} held-out digits right, trained in ${trainSeconds.toFixed(1)} s on ${backend.backend}`);
  mkdirSync("notebooks/pretrained", { recursive: true });
  const file = await digitClassifierFile(classifier, { data: DATA, testAccuracy, trainSeconds: Math.round(trainSeconds * 10) / 10, backend: backend.backend });
  writeFileSync(OUT, JSON.stringify(file) + "\n");
  console.log(`wrote ${OUT}`);
  classifier.dispose();
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
