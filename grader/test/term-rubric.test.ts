/**
 * A fresh hidden set per term: `flowgrade rubric --new-hidden --secret-file F` derives hidden cases
 * from a secret (term/derive-hidden.ts), grades the reference solutions on them before writing,
 * and `release --rubric` builds a Gradescope package from the result with no trace of the shipped
 * rubric's hidden cases. Kept cheap with --only f,g (two exercises that train nothing): one
 * verification of the solutions, one grading of a fixture, one refusal.
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { DEFAULT_RUBRIC } from "../core/paths";
import { loadRubric, validateRubric } from "../core/rubric";
import { FIXTURES_DIR, fixtureSubmission } from "../fixture-submission";
import { deriveHiddenCases, secretFromText } from "../term/derive-hidden";
import { readResults, runCli, tempDir } from "./helpers";

const SECRET = "term-2027-spring: 4f1c9a0e7b2d5a86c3e1";
const shipped = loadRubric();

/** Every way the shipped rubric's hidden cases could show in a file (as release.test.ts scans the student copy). */
function shippedHiddenCaseTexts(): string[] {
  const h = shipped.hiddenCases;
  return [...h.coupling, ...h.nll, ...h.image, ...h.dequantization, ...h.maf].flatMap((c) => {
    const texts = [JSON.stringify(c), JSON.stringify(c, null, 2).split("\n").slice(0, 3).join("\n"), `"seed": ${c.seed}\n`, `"seed": ${c.seed},`];
    if ("mask" in c) texts.push(`[${c.mask.join(", ")}]`, JSON.stringify(c.mask, null, 2));
    return texts;
  });
}

/** Every regular file under `dir`. */
function walkFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walkFiles(join(dir, e.name)) : e.isFile() ? [join(dir, e.name)] : []));
}

describe("deriveHiddenCases", () => {
  it("is a function of the secret: the same secret gives the same cases, another secret others, all within the rubric schema", () => {
    const a = deriveHiddenCases(secretFromText(SECRET));
    expect(deriveHiddenCases(secretFromText(`  ${SECRET}\n`))).toEqual(a);
    const b = deriveHiddenCases(secretFromText(`${SECRET}x`));
    expect(b).not.toEqual(a);
    expect(deriveHiddenCases(secretFromText(SECRET), 1)).not.toEqual(a);
    for (const cases of [a, b]) {
      expect(() => validateRubric({ ...JSON.parse(JSON.stringify(shipped)), hiddenCases: cases })).not.toThrow();
      for (const c of cases.coupling) expect(c.mask.includes(0) && c.mask.includes(1)).toBe(true);
      for (const c of [...cases.coupling, ...cases.nll, ...cases.image, ...cases.dequantization, ...cases.maf]) expect(c.seed).toBeGreaterThanOrEqual(1000);
      for (const c of cases.image) expect(c.shape.height * c.shape.width * c.shape.channels).toBeLessThanOrEqual(32);
      for (const c of cases.maf) expect(Math.min(...c.hidden)).toBeGreaterThanOrEqual(c.dim - 1);
    }
    expect(() => secretFromText("short")).toThrow(/at least 16 characters/);
  });
});

describe("flowgrade rubric --new-hidden", () => {
  it("writes a private rubric the solutions pass, that grades a fixture at its expected loss (--only f,g)", async () => {
    const dir = tempDir("flowgrade-term-");
    writeFileSync(join(dir, "term.secret"), `${SECRET}\n`);
    const started = Date.now();
    const r = await runCli(["rubric", "--new-hidden", "--secret-file", join(dir, "term.secret"), "--only", "f,g", "--out", join(dir, "private.json")]);
    console.log(`term-rubric: rubric --new-hidden --only f,g took ${((Date.now() - started) / 1000).toFixed(1)} s`);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/the solutions get (\d+)\/\1 tests on them/);
    expect(r.stdout).toContain("kept from the base rubric (not graded with --only): coupling, nll, image");
    const written = loadRubric(join(dir, "private.json"));
    const draw = Number(/draw (\d)/.exec(r.stdout)![1]);
    const derived = deriveHiddenCases(secretFromText(SECRET), draw);
    expect(written.hiddenCases.dequantization).toEqual(derived.dequantization);
    expect(written.hiddenCases.maf).toEqual(derived.maf);
    expect(written.hiddenCases.dequantization).not.toEqual(shipped.hiddenCases.dequantization);
    expect(written.hiddenCases.coupling).toEqual(shipped.hiddenCases.coupling);
    expect({ ...written, hiddenCases: undefined, title: undefined }).toEqual({ ...shipped, hiddenCases: undefined, title: undefined });

    const expected = JSON.parse(readFileSync(join(FIXTURES_DIR, "dequantization-forgets-logk", "expected.json"), "utf8")) as { failing: string[] };
    const g = await runCli(["grade", fixtureSubmission("dequantization-forgets-logk"), "--only", "f", "--rubric", join(dir, "private.json"), "--results", join(dir, "results.json")]);
    expect(g.code, g.stderr).toBe(1);
    const { results, problems } = readResults(join(dir, "results.json"));
    expect(problems).toEqual([]);
    expect(results.tests.filter((t) => t.status === "failed").map((t) => t.name).sort()).toEqual([...expected.failing].sort());
    const hidden = results.tests.find((t) => t.name === "dequantization/hidden/bits-per-dim")!;
    expect(hidden.output).toContain(`D=${derived.dequantization[0].dim}, K=${derived.dequantization[0].levels}`);
  }, 600_000);

  it("refuses to write when the solutions fail under it (a rubric whose tolerance no float32 code meets)", async () => {
    const dir = tempDir("flowgrade-term-refuse-");
    writeFileSync(join(dir, "term.secret"), SECRET);
    const base = JSON.parse(readFileSync(DEFAULT_RUBRIC, "utf8"));
    base.tolerances.roundTrip = 1e-12;
    writeFileSync(join(dir, "base.json"), JSON.stringify(base));
    const r = await runCli(["rubric", "--new-hidden", "--secret-file", join(dir, "term.secret"), "--rubric", join(dir, "base.json"), "--only", "g", "--out", join(dir, "private.json")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/the reference solutions fail made-maf\/public\/round-trip-forward.*nothing written/);
    expect(() => readFileSync(join(dir, "private.json"))).toThrow();
  }, 300_000);

  it("release --rubric builds a Gradescope package that carries the private cases and no trace of the shipped hidden cases", async () => {
    const dir = tempDir("flowgrade-term-release-");
    const rubric = { ...JSON.parse(readFileSync(DEFAULT_RUBRIC, "utf8")), hiddenCases: deriveHiddenCases(secretFromText(SECRET)) };
    writeFileSync(join(dir, "private.json"), JSON.stringify(rubric, null, 2));
    const r = await runCli(["release", "--out", join(dir, "release"), "--rubric", join(dir, "private.json")]);
    expect(r.code, r.stderr).toBe(0);
    const unzip = spawnSync("unzip", ["-q", join(dir, "release", "gradescope", "autograder.zip"), "-d", join(dir, "unzipped")]);
    const py = unzip.status === 0 ? unzip : spawnSync("/usr/bin/python3", ["-m", "zipfile", "-e", join(dir, "release", "gradescope", "autograder.zip"), join(dir, "unzipped")]);
    expect(py.status).toBe(0);
    expect(loadRubric(join(dir, "unzipped", "grader", "rubric.json")).hiddenCases).toEqual(rubric.hiddenCases);
    const texts = shippedHiddenCaseTexts();
    const files = walkFiles(join(dir, "unzipped"));
    expect(files.length).toBeGreaterThan(50);
    const traces = files.flatMap((f) => texts.filter((t) => readFileSync(f, "utf8").includes(t)).map((t) => `${f}: ${JSON.stringify(t)}`));
    expect(traces).toEqual([]);
  }, 120_000);
});
