/**
 * The recorded expected values (src/checks/recorded-expected.ts) are what the reference solutions
 * compute: recomputing them from solutions/ (`npm run record:expected`) reproduces the committed
 * file byte for byte, and a planted change is seen. Fast (no tensors).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { RECORDED_FILE, recordedExpectedSource } from "../../grader/release/record-expected";
import { PUBLIC_MAF_CASES } from "../../src/checks/made-maf-exercise";
import { recordedMadeMasks } from "../../src/checks/recorded";
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
});
