/**
 * The recorded expected values (src/checks/recorded-expected.ts, recorded-densities.ts) are what
 * the reference solutions compute: recomputing them from solutions/ (`npm run record:expected`)
 * reproduces the committed files byte for byte, and a planted change is seen. Fast (small tensors
 * on the cpu backend).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { RECORDED_DENSITIES_FILE, RECORDED_FILE, recordedDensitiesSource, recordedExpectedSource } from "../../grader/release/record-expected";
import { PUBLIC_DEQUANTIZATION_CASES } from "../../src/checks/dequantization-exercise";
import { PUBLIC_NLL_CASES } from "../../src/checks/nll-exercise";
import { PUBLIC_MAF_CASES } from "../../src/checks/made-maf-exercise";
import { recordedDequantizationValues, recordedMadeMasks, recordedNllValues } from "../../src/checks/recorded";
import { madeMasks } from "../../solutions/made-maf";

describe("recorded expected values", () => {
  it("recomputing them from the solutions reproduces the committed file (run `npm run record:expected` after changing a solution or a public case)", () => {
    expect(readFileSync(RECORDED_FILE, "utf8")).toBe(recordedExpectedSource());
  });

  it("serve the solutions' masks for every public case, and refuse a case that was not recorded, naming it", () => {
    for (const c of PUBLIC_MAF_CASES) expect(recordedMadeMasks(c.dim, c.hidden)).toEqual(madeMasks(c.dim, [...c.hidden], 2));
    expect(() => recordedMadeMasks(7, [3])).toThrow(/no masks recorded for dim 7, hidden \[3\].*npm run record:expected/);
    expect(recordedExpectedSource([{ dim: 2, hidden: [3] }])).not.toBe(recordedExpectedSource());
  });

  it("exercises (c) and (f): recomputing from the solutions reproduces recorded-densities.ts; another case changes it; a case not recorded is refused, naming it", async () => {
    expect(readFileSync(RECORDED_DENSITIES_FILE, "utf8")).toBe(await recordedDensitiesSource());
    expect(await recordedDensitiesSource([{ dim: 3, seed: 31 }])).not.toBe(readFileSync(RECORDED_DENSITIES_FILE, "utf8"));
    for (const c of PUBLIC_NLL_CASES) expect(recordedNllValues(c).flowLogProb).toHaveLength(64);
    for (const c of PUBLIC_DEQUANTIZATION_CASES) expect(recordedDequantizationValues(c).dequantized).toHaveLength(32 * c.dim);
    expect(() => recordedNllValues({ dim: 5, seed: 1 })).toThrow(/nothing recorded for the case dim 5, seed 1.*npm run record:expected/);
    expect(() => recordedDequantizationValues({ dim: 5, levels: 4, seed: 1 })).toThrow(/nothing recorded for the case dim 5, levels 4, seed 1/);
  });
});
