/**
 * Nothing useful within a subject's reach (issue 17 item 4, with issue 16): a subject's process has
 * no process.getBuiltinModule, process.binding, process._linkedBinding, process.dlopen or
 * process.mainModule (so no module.constructor._load) when the student's module loads, no path of
 * the runner in its argv, and an import() in the module fails; and the runtime a subject may read
 * (runner.cjs) shares no run of tokens with a solution block (the release's copy scan).
 */
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readApi } from "../blackbox/read-answers";
import { REPO_ROOT } from "../core/paths";
import { scanForCopies, solutionBlocks } from "../release/copy-scan";
import { compileSubmissionFile } from "../sandbox/compile";
import { runSubject } from "../sandbox/run-subject";
import { subjectRuntime, type Runtime } from "../sandbox/runtime";
import { loadStudentModule } from "../subject/load-module";
import { SEALED_PROCESS_KEYS } from "../subject/seal";

let runtime: Runtime;
let dir: string;

beforeAll(async () => {
  runtime = await subjectRuntime();
  dir = mkdtempSync(join(tmpdir(), "flowgrade-seal-test-"));
  chmodSync(dir, 0o755);
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `body` at the top of a module in a sealed subject; the module's Probe constructor reports `found` (JSON) through the api answer. */
async function probe(body: string): Promise<Record<string, unknown>> {
  const src = join(dir, "probe.ts");
  writeFileSync(src, `const found: Record<string, unknown> = {};\n${body}\nexport class Probe { constructor() { throw new Error(JSON.stringify(found)); } }\n`);
  const out = join(dir, "probe.cjs");
  expect(await compileSubmissionFile(src, out, [], runtime, "probe.ts")).toEqual({ ok: true, out });
  chmodSync(out, 0o644);
  const run = await runSubject({
    runtime,
    submissionDir: dir,
    job: { kind: "bijector", backend: "cpu", build: { kind: "coupling", module: out, className: "Probe", mask: [1, 0], hidden: [4] }, weights: [], weightShapes: [], calls: [] },
    limits: { cpuMs: 20_000, wallMs: 60_000, memoryMb: 1024, pollMs: 50, maxOutputBytes: 2 ** 20 },
  });
  const api = readApi(run);
  expect(api?.ok).toBe(false);
  return JSON.parse(api!.problem.replace(/^constructing Probe threw Error: /, ""));
}

describe("a sealed subject", () => {
  it("has none of Node's ways around its require when the student's module loads", async () => {
    const found = await probe(`
const p = process as unknown as Record<string, unknown>;
for (const key of ${JSON.stringify(SEALED_PROCESS_KEYS)}) found[key] = typeof p[key];
found.argv = process.argv.length;
found.execArgv = process.execArgv.join(" ");
found.moduleLoad = typeof (module as unknown as { constructor: { _load?: unknown } }).constructor._load;
found.requireMain = typeof (require as unknown as { main?: unknown }).main;
`);
    expect(found).toEqual({ ...Object.fromEntries(SEALED_PROCESS_KEYS.map((k) => [k, "undefined"])), argv: 1, execArgv: "", moduleLoad: "undefined", requireMain: "undefined" });
  }, 60_000);

  it("cannot import() a Node module from its code (the module is compiled by vm.Script with no dynamic-import callback)", async () => {
    const file = join(dir, "imports.cjs");
    writeFileSync(file, 'const spec = ["node", "fs"].join(":");\nmodule.exports.attempt = import(spec);\n');
    const loaded = loadStudentModule(file);
    await expect(loaded.attempt).rejects.toMatchObject({ code: "ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING" });
  });
});

describe("the subject's runtime", () => {
  it("holds no reference layer or formula: runner.cjs shares no 20-token run with a solution block", () => {
    const runner = readFileSync(join(runtime.dir, "runner.cjs"), "utf8");
    const hits = scanForCopies(solutionBlocks(REPO_ROOT), [{ where: "runner.cjs", code: runner }]);
    expect(hits.map((h) => `${h.block} (${h.runs} runs, e.g. ${h.example})`)).toEqual([]);
    expect(runner).not.toMatch(/class ActNorm\b|class Invertible1x1Conv\b|class StandardNormal\b|function madeMasks\b|class AffineMAF\b|function discreteBitsPerDim\b/);
  });
});
