/**
 * `flowgrade release`, built once and used for real: the student release installs from scratch
 * (npm ci) in a temp copy and passes its own light `npm test`; its `npm run check` works on the
 * untouched exercises; its notebooks run on the tslab kernel up to the first exercise; a scan
 * proves that no solution body, no fixture bug and no hidden case or calibration figure is in it;
 * and Gradescope's run_autograder, unzipped into a temporary /autograder, scores the solutions,
 * the untouched exercises (a whole repository) and a fixture (an exercises/ folder) correctly.
 */
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { plannedExercises } from "../../scripts/assign";
import { findSolutionBlocks } from "../../scripts/assign/markers";
import { runNotebook } from "../../scripts/notebooks/run-notebook";
import { REPO_ROOT } from "../core/paths";
import { fixtureFiles, fixtureNames, fixtureSubmission, FIXTURES_DIR } from "../fixture-submission";
import { fullMarks, readResults, runCli, runCommand, tempDir, type CommandRun } from "./helpers";
import { EXERCISES, EXERCISE_IDS } from "../../src/checks/exercises";
import { danglingReferences } from "./release-references";

const base = tempDir("flowgrade-release-");
const release = join(base, "release");
const student = join(base, "student-copy"); // a fresh copy, installed from scratch
const npm = (args: string[], cwd: string): Promise<CommandRun> => runCommand("npm", args, { cwd, env: { NO_COLOR: "1" } });
let install: CommandRun;

beforeAll(async () => {
  const r = await runCli(["release", "--out", release]);
  if (r.code !== 0) throw new Error(`flowgrade release failed: ${r.stderr}`);
  cpSync(join(release, "student"), student, { recursive: true, verbatimSymlinks: true });
  install = await npm(["ci", "--no-audit", "--no-fund"], student);
}, 600_000);

/** Every regular file of the student release: relative path → text. */
function releaseFiles(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      const st = lstatSync(p);
      if (st.isDirectory()) walk(p);
      else if (st.isFile()) out.set(relative(dir, p), readFileSync(p, "utf8"));
    }
  };
  walk(dir);
  return out;
}

/**
 * Lines of the course code that ships by design (src/, the grader's shipped parts, scripts/), in
 * the instructor's repository. A solution or fixture line that the course code itself contains
 * (a generic `process.exit(0);`, an import line) is not a leak
 * of the release, so the line scan skips those; markers, names, hidden cases stay strict.
 */
function courseCodeLines(): Set<string> {
  const lines = new Set<string>();
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      const rel = relative(REPO_ROOT, p);
      if (/^grader\/(fixtures|test|release)\b|\.test\.ts$/.test(rel)) continue;
      const st = lstatSync(p);
      if (st.isDirectory()) walk(p);
      else if (st.isFile()) for (const l of readFileSync(p, "utf8").split(/\r?\n/)) lines.add(l.trim());
    }
  };
  for (const part of ["src", "grader", "scripts"]) walk(join(REPO_ROOT, part));
  return lines;
}

/** The secrets that must not be in the student release: solution bodies, fixture bugs, hidden cases, calibration. */
function secrets(): { what: string; text: string }[] {
  const found: { what: string; text: string }[] = [];
  const course = courseCodeLines();
  const courseText = [...course].join("\n");
  const inCourse = (l: string) => courseText.includes(l);
  // Lines of the generated exercises are public by definition: a solution line that the exercise
  // also has outside its blocks (ActNorm's loadWeights sets `this.initialized = true;` too), and the
  // lines hostile fixtures start from.
  const exerciseLines = new Set([...plannedExercises(REPO_ROOT).values()].flatMap((t) => t.split(/\r?\n/).map((l) => l.trim())));
  const solutionsDir = join(REPO_ROOT, "solutions");
  const solutionLines = new Set<string>();
  for (const f of readdirSync(solutionsDir).filter((n) => n.endsWith(".ts") && !n.endsWith(".test.ts"))) {
    const source = readFileSync(join(solutionsDir, f), "utf8");
    const lines = source.split(/\r?\n/);
    for (const b of findSolutionBlocks(source, f)) {
      for (let i = b.begin; i < b.end - 1; i++) {
        const l = (lines[i] ?? "").trim();
        solutionLines.add(l);
        if (l.length >= 12 && /[A-Za-z]/.test(l) && !l.startsWith("//") && !inCourse(l) && !exerciseLines.has(l)) found.push({ what: `solutions/${f}:${i + 1}`, text: l });
      }
    }
  }
  for (const name of fixtureNames()) {
    found.push({ what: `fixture name ${name}`, text: `fixture ${name}` }, { what: "a fixture's bug marker", text: "BUG (fixture" });
    for (const f of fixtureFiles(name)) {
      const solution = existsSync(join(solutionsDir, f)) ? new Set(readFileSync(join(solutionsDir, f), "utf8").split(/\r?\n/).map((l) => l.trim())) : new Set<string>();
      const p = join(FIXTURES_DIR, name, f);
      if (!lstatSync(p).isFile()) continue;
      for (const l of readFileSync(p, "utf8").split(/\r?\n/).map((x) => x.trim())) {
        if (l.length >= 12 && !solution.has(l) && !solutionLines.has(l) && !exerciseLines.has(l) && !inCourse(l) && /[A-Za-z]/.test(l) && !l.startsWith("//") && !l.startsWith("*")) found.push({ what: `fixture ${name}/${f}`, text: l });
      }
    }
  }
  const rubric = JSON.parse(readFileSync(join(REPO_ROOT, "grader", "rubric.json"), "utf8"));
  for (const c of [...rubric.hiddenCases.coupling, ...rubric.hiddenCases.nll, ...rubric.hiddenCases.maf, ...rubric.hiddenCases.image, ...rubric.hiddenCases.dequantization]) {
    const { seed, ...shape } = c as Record<string, unknown>;
    found.push({ what: "a hidden case (compact JSON)", text: JSON.stringify(c) });
    found.push({ what: "a hidden case (rubric JSON)", text: JSON.stringify(c, null, 2).split("\n").slice(0, 3).join("\n") });
    found.push({ what: "a hidden case's seed", text: `"seed": ${seed},\n` });
    if (Array.isArray(shape.mask)) found.push({ what: "a hidden mask", text: `[${(shape.mask as number[]).join(", ")}]` });
  }
  found.push({ what: "calibration", text: String(rubric.likelihood.calibration.worstCorrectNll) }, { what: "calibration", text: rubric.likelihood.calibration.measuredOn });
  if (rubric.imageLikelihood) found.push({ what: "calibration", text: rubric.imageLikelihood.calibration.measuredOn });
  return found;
}

/** The secrets found in `files`, as "where: what". */
function leaks(files: Map<string, string>): string[] {
  const s = secrets();
  return [...files].flatMap(([path, text]) => s.filter((x) => text.includes(x.text)).map((x) => `${path}: ${x.what}: ${JSON.stringify(x.text)}`));
}

describe("the student release", () => {
  it("holds the course and none of the instructor's parts", () => {
    const files = [...releaseFiles(join(release, "student")).keys()];
    for (const must of ["README.md", "package.json", "package-lock.json", "exercises/nll.ts", "notebooks/02-coupling-layers.ipynb", "src/index.ts", "grader/rubric.json", ".github/workflows/check.yml", "test/course.test.ts"]) expect(files, must).toContain(must);
    expect(lstatSync(join(release, "student", "notebooks", "src")).isSymbolicLink()).toBe(true);
    for (const banned of [/^solutions\//, /^grader\/fixtures\//, /^grader\/test\//, /^grader\/release\//, /calibrate/, /fixture-submission/, /^\.git\//, /^scripts\/(assign|render|lock)/, /^scripts\/bench\/(?!(images|flows-table|reference-config)\.ts$)/, /\.assign-manifest\.json$/]) {
      expect(files.filter((f) => banned.test(f)), String(banned)).toEqual([]);
    }
    expect(files.filter((f) => f.endsWith(".test.ts"))).toEqual(["test/course.test.ts"]);
  });

  it("contains no solution body, fixture bug, hidden case or calibration figure (scan of every file)", () => {
    expect(secrets().length).toBeGreaterThan(20);
    expect(leaks(releaseFiles(join(release, "student")))).toEqual([]);
    // the scan itself finds a planted leak
    const planted = new Map([["exercises/nll.ts", `x\n${secrets()[0].text}\n`]]);
    expect(leaks(planted)).toHaveLength(1);
  });

  it("installs from scratch with npm ci, and its own npm test passes (light)", async () => {
    expect(install.status, install.stderr).toBe(0);
    const started = Date.now();
    const t = await npm(["test"], student);
    expect(t.status, t.stdout + t.stderr).toBe(0);
    expect(t.stdout).toMatch(/Tests +\d+ passed/);
    expect(Date.now() - started).toBeLessThan(120_000);
  });

  it("its npm run check works on the untouched exercises: public checks only, 'not implemented yet' for each part", async () => {
    const c = await npm(["run", "check"], student);
    expect(c.status).toBe(1);
    // one line per exercise, and one for the moons likelihood (the image likelihood trains, so check does not run it)
    expect(c.stdout.match(/not implemented yet/g)).toHaveLength(EXERCISE_IDS.length + 1);
    expect(c.stdout).toContain("public checks only");
    expect(c.stdout).not.toMatch(/hidden\//);
  });

  it("its notebooks run on the tslab kernel up to the first exercise", async () => {
    for (const name of ["00-setup", "02-coupling-layers", "03-training-with-maximum-likelihood"]) {
      const run = await runNotebook(join(student, "notebooks", `${name}.ipynb`), { cellTimeoutSeconds: 300, timeoutSeconds: 600, outputPath: join(base, "executed", `${name}.ipynb`) });
      if (name === "00-setup") expect(run.ok, run.error?.text).toBe(true);
      else {
        expect(run.ok, name).toBe(false);
        expect(run.cells.length, name).toBeGreaterThan(1);
        // the message is wrapped to fit the page (src/checks/wrap-text.ts): read it as one line
        expect(run.error?.text?.replace(/\s+/g, " "), name).toMatch(/Exercise \([abc]\).* is not implemented yet/);
      }
    }
  }, 900_000);
});

describe("the student release's references (notebooks and READMEs)", () => {
  it("has no dangling reference: every `npm run X` is a script there, every link, README section and path is there", () => {
    expect(danglingReferences(join(release, "student"))).toEqual([]);
  });

  it("the reference check finds a missing script, a missing README section, a broken link and a missing path", () => {
    const copy = join(tempDir("flowgrade-references-"), "student");
    cpSync(join(release, "student"), copy, { recursive: true, verbatimSymlinks: true });
    writeFileSync(join(copy, "notebooks", "NOTES.md"), "Run `npm run bench:nope`; see the README's *Nowhere* section, [this](../nope.md), [that](../README.md#nowhere) and `src/nope.ts`.\n");
    expect(danglingReferences(copy).filter((p) => p.startsWith("notebooks/NOTES.md"))).toHaveLength(5);
  });

  it("its README lists every exercise of the registry, with its file and notebook, and how many files to submit", () => {
    const readme = readFileSync(join(release, "student", "README.md"), "utf8");
    for (const id of EXERCISE_IDS) {
      const e = EXERCISES[id];
      expect(readme, id).toContain(`| (${e.title.match(/\(([a-z])\)/)![1]}) `);
      expect(readme, id).toContain(`\`exercises/${e.file}\``);
      expect(readme, id).toContain(`\`notebooks/${e.notebook}.ipynb\``);
    }
    expect(readme).not.toMatch(/\{\{|three files/);
    expect(readme).toMatch(new RegExp(`its ${["", "one", "two", "three", "four", "five", "six", "seven", "eight"][EXERCISE_IDS.length]} files`));
  });
});

describe("Gradescope's autograder.zip", () => {
  /** A fresh /autograder in a temp folder: source/ from the zip (node_modules from the student install), submission/ as given. */
  function autograderRoot(fill: (submission: string) => void): string {
    const root = tempDir("flowgrade-gradescope-");
    mkdirSync(join(root, "source"));
    const unzip = spawnSync("unzip", ["-q", join(release, "gradescope", "autograder.zip"), "-d", join(root, "source")], { encoding: "utf8" });
    const py = unzip.status === 0 ? unzip : spawnSync("/usr/bin/python3", ["-m", "zipfile", "-e", join(release, "gradescope", "autograder.zip"), join(root, "source")]);
    expect(py.status).toBe(0);
    symlinkSync(join(student, "node_modules"), join(root, "source", "node_modules"));
    mkdirSync(join(root, "submission"));
    fill(join(root, "submission"));
    return root;
  }

  async function runAutograder(root: string) {
    const r = await runCommand("bash", [join(root, "source", "run_autograder")], { cwd: root, env: { AUTOGRADER_ROOT: root } });
    expect(r.status, r.stderr).toBe(0);
    return readResults(join(root, "results", "results.json"));
  }

  it("holds setup.sh and an executable run_autograder at its root, and the full rubric", () => {
    const root = autograderRoot(() => {});
    expect(readFileSync(join(root, "source", "setup.sh"), "utf8")).toMatch(/setup_24\.x[\s\S]*npm ci --ignore-scripts/);
    expect(lstatSync(join(root, "source", "run_autograder")).mode & 0o111).not.toBe(0);
    expect(readFileSync(join(root, "source", "grader", "rubric.json"), "utf8")).toBe(readFileSync(join(REPO_ROOT, "grader", "rubric.json"), "utf8"));
  });

  it("run_autograder: the untouched student release, submitted as a whole repository, scores 0", async () => {
    const root = autograderRoot((sub) => cpSync(join(release, "student"), sub, { recursive: true, verbatimSymlinks: true }));
    const { results, problems } = await runAutograder(root);
    expect(problems).toEqual([]);
    expect(results.score).toBe(0);
    expect(results.tests.length).toBeGreaterThan(30);
    expect(results.tests.filter((t) => t.status === "failed").every((t) => /not implemented yet/.test(t.output))).toBe(true);
  }, 300_000);

  // One full grading serves both: every test outside the fixture's failing list keeps its full
  // points, so the solutions' files (all but the fixture's one) score full marks through the zip.
  it("run_autograder: a fixture in an exercises/ folder loses exactly its failing tests' points, the solutions' files keep theirs", async () => {
    const expected = JSON.parse(readFileSync(join(FIXTURES_DIR, "nll-drops-logdet", "expected.json"), "utf8")) as { failing: string[] };
    const root = autograderRoot((sub) => cpSync(fixtureSubmission("nll-drops-logdet"), join(sub, "exercises"), { recursive: true }));
    const { results, problems } = await runAutograder(root);
    expect(problems).toEqual([]);
    expect(results.tests.filter((t) => t.status === "failed").map((t) => t.name).sort()).toEqual([...expected.failing].sort());
    const lost = results.tests.filter((t) => expected.failing.includes(t.name)).reduce((s, t) => s + t.max_score, 0);
    expect(lost).toBeGreaterThan(0);
    expect([results.score, results.max_score]).toEqual([fullMarks() - lost, fullMarks()]);
    expect(results.output).not.toContain(String(fullMarks())); // hidden tests exist: the total is not shown
  }, 300_000);
});

describe("flowgrade release refusals", () => {
  it("needs --out, and refuses an invalid --rubric as an instructor error", async () => {
    expect((await runCli(["release"])).stderr).toContain("release needs --out <dir>");
    const bad = join(tempDir(), "rubric.json");
    writeFileSync(bad, "{}");
    const r = await runCli(["release", "--out", tempDir(), "--rubric", bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/instructor error: the rubric .* is invalid/);
  });
});
