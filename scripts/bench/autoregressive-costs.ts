/**
 * MAF vs IAF as D grows: median ms of one layer's density pass (forward) and sampling pass
 * (inverse), batch 256, MADE hidden width max(64, D). Prints a Markdown table.
 *
 *   npx tsx scripts/bench/autoregressive-costs.ts [--dims 2,4,8,16,32,64] [--batch 256] [--repeats 11]
 */
import { selectBackend } from "../../src/backend";
import { formatAutoregressiveCosts, measureAutoregressiveCosts } from "../../src/eval";
import { AffineMAF } from "../../solutions/made-maf";
import { arg } from "./reference-config";

const dims = arg("dims", "2,4,8,16,32,64").split(",").map(Number);
const batch = Number(arg("batch", "256"));
const repeats = Number(arg("repeats", "11"));
console.log((await selectBackend()).line);
const t0 = performance.now();
const rows = await measureAutoregressiveCosts({ maf: AffineMAF, dims, batch, repeats });
console.log(`\nOne affine MAF / IAF layer, batch ${batch}, median of ${repeats} calls after a warm-up:\n`);
console.log(formatAutoregressiveCosts(rows));
console.log(`\nwall time ${((performance.now() - t0) / 1000).toFixed(1)} s`);
