/**
 * The pieces of "evaluations a subject cannot tell apart" (issue 17), without subjects: the
 * shuffle is undone exactly, every recheck holds one element of every stencil and the recheck
 * processes never share one, the finite differences of a linear map give its log-det from the
 * float32 rows, and the likelihood's held-out points come from the secret (none of the public
 * split's, and other points under the student release's stand-in). Runs in well under a second.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { makeDataset } from "../../src/datasets/index";
import { logAbsDet } from "../../src/checks/jacobian";
import { Rng } from "../../src/random/prng";
import { fdLogDets, STENCIL_SCALES } from "../blackbox/finite-differences";
import { secretHeldOut } from "../blackbox/likelihood";
import { PUBLIC_STAND_IN, secretRng } from "../blackbox/secret";
import { loadRubric } from "../core/rubric";
import { FIXTURES_DIR } from "../fixture-submission";
import { publicRubric } from "../release/public-rubric";
import { rowDependence, shuffledStencils, unmix } from "../blackbox/shuffled-stencils";

const rows = (n: number, d: number, rng: Rng) => Array.from({ length: n }, () => Array.from({ length: d }, () => 3 * rng.normal()));

describe("shuffled stencils", () => {
  const rng = new Rng(1);
  const dim = 5;
  const points = rows(7, dim, rng);
  const st = shuffledStencils(points, rows(21, dim, rng), 1e-2, secretRng("a secret", "test"), 2);
  const real = [...points, ...st.fd.rows];

  it("puts the real rows back in order after the shuffle, and hides them among decoys", () => {
    const values = st.evaluation.rows.flat();
    expect(unmix(st.evaluation, values, dim, real.length)).toEqual(real.flat());
    expect(st.evaluation.rows.length).toBe(4 * real.length);
    expect(st.evaluation.source.slice(0, 10)).not.toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it("rechecks one element of every stencil per process, never the same one twice", () => {
    const stencilOf = (i: number) => (i < points.length ? i : Math.floor((i - points.length) / (dim * STENCIL_SCALES.length)));
    for (const r of st.rechecks) expect(r.rechecked.map(stencilOf)).toEqual(points.map((_, p) => p));
    st.rechecks[0].rechecked.forEach((i, p) => expect(st.rechecks[1].rechecked[p]).not.toBe(i));
    for (const r of st.rechecks) expect(r.mix.rows.length).toBe(points.length + 21);
  });

  it("measures the log-det of a linear map from the rows the subject receives", () => {
    const a = rows(dim, dim, rng);
    const outputs = st.fd.rows.flatMap((r) => a.map((row) => Math.fround(row.reduce((s, v, j) => s + v * r[j], 0))));
    for (const v of fdLogDets(st.fd, outputs).logDet) expect(Math.abs(v - logAbsDet(a))).toBeLessThan(1e-3);
  });

  it("calls a row-wise answer independent and a changed one dependent", () => {
    expect(rowDependence([1, 2, 300], [1, 2, 300])).toBe(0);
    expect(rowDependence([1, 2, 300], [1, 2, 300.01])).toBeGreaterThan(1e-6);
    expect(rowDependence([1, null], [1, 2])).toBeNaN();
  });
});

describe("the likelihood's held-out points", () => {
  it("come from the secret: none of the public split's, and others under the release's stand-in", () => {
    const key = (p: readonly number[]) => p.join(",");
    const published = new Set(makeDataset("moons", { nTrain: 4000, nTest: 1000, seed: 0 }).test.map(key));
    const graded = secretHeldOut("moons", 1000, 0, "the autograder's secret");
    const release = secretHeldOut("moons", 1000, 0, PUBLIC_STAND_IN);
    expect(graded.points.filter((p) => published.has(key(p)))).toEqual([]);
    expect(graded.points.map(key)).not.toEqual(release.points.map(key));
    expect(graded.decoys).toHaveLength(1000);
  });

  it("fixture spikes-at-public-points aims at the points the student release's rubric would hold out", () => {
    // Its spikes are worth something only there: graded under the release's rubric it scores 0.958
    // nats (10/10); under the grader's secret, 2.58 (0/10), like an untrained flow (fixtures.test.ts).
    const text = readFileSync(join(FIXTURES_DIR, "spikes-at-public-points", "affine-coupling.ts"), "utf8");
    const listed = text.slice(text.indexOf("PUBLIC_HELD_OUT: number[][] = ["), text.indexOf("];", text.indexOf("PUBLIC_HELD_OUT"))).match(/\[-?[\d.e-]+, -?[\d.e-]+\]/g)!.map((pair) => (JSON.parse(pair) as number[]).map(Math.fround).join(","));
    const key = (p: readonly number[]) => p.map(Math.fround).join(",");
    const release = new Set(secretHeldOut("moons", 1000, 0, PUBLIC_STAND_IN).points.map(key));
    const graded = new Set(secretHeldOut("moons", 1000, 0, loadRubric().secret).points.map(key));
    expect(listed.length).toBeGreaterThan(300);
    expect(listed.filter((p) => !release.has(p))).toEqual([]);
    expect(listed.filter((p) => graded.has(p))).toEqual([]);
  });

  it("the student release's rubric holds the public stand-in, never the autograder's secret", () => {
    const rubric = loadRubric();
    expect(rubric.secret).not.toBe(PUBLIC_STAND_IN);
    const release = publicRubric(rubric);
    expect(release.secret).toBe(PUBLIC_STAND_IN);
    expect(JSON.stringify(release)).not.toContain(rubric.secret);
  });
});
