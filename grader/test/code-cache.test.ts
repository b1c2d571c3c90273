/**
 * The subjects' V8 code cache of tfjs (sandbox/code-cache.ts, subject/tfjs-code-cache.ts): a real
 * subject, started with the grader's flags, loads tfjs from the cache the grader wrote (V8 accepts
 * it only when the flags match); a damaged or missing cache costs time, never an answer.
 */
import { chmodSync, existsSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { readApi } from "../blackbox/read-answers";
import { ensureCodeCache } from "../sandbox/code-cache";
import { runSubject, subjectV8Flags, type SubjectLimits } from "../sandbox/run-subject";
import { subjectRuntime, type Runtime } from "../sandbox/runtime";
import { codeCacheFile } from "../subject/tfjs-code-cache";
import { tempDir } from "./helpers";

let runtime: Runtime;
let dir: string;

beforeAll(async () => {
  runtime = await subjectRuntime();
  dir = tempDir("flowgrade-code-cache-test-");
  chmodSync(dir, 0o755); // subjects run as other users
}, 60_000);

const limits = (memoryMb: number): SubjectLimits => ({ cpuMs: 20_000, wallMs: 60_000, memoryMb, pollMs: 50, maxOutputBytes: 2 ** 20 });

/** A subject whose module does not exist: it answers "ready" (with how it loaded tfjs), then a failed api. */
async function readyOf(memoryMb: number) {
  const run = await runSubject({
    runtime,
    submissionDir: dir,
    job: { kind: "bijector", backend: "wasm", build: { kind: "coupling", module: join(dir, "missing.cjs"), className: "Missing", mask: [1, 0], hidden: [4] }, weights: [], weightShapes: [], calls: [] },
    limits: limits(memoryMb),
  });
  expect(readApi(run)?.ok).toBe(false); // the job went on to the student's module
  return run.answers.find((a) => a.section === "ready");
}

describe("the subjects' code cache of tfjs", () => {
  it("is written for the subjects' flags and accepted by a subject started with them", async () => {
    expect(await readyOf(1024)).toMatchObject({ backend: "wasm", codeCache: "accepted" });
    expect(existsSync(join(runtime.dir, codeCacheFile(subjectV8Flags(limits(1024)))))).toBe(true);
  }, 60_000);

  it("is rejected when damaged, or absent, and the subject still answers", async () => {
    await ensureCodeCache(runtime, subjectV8Flags(limits(700)));
    const file = join(runtime.dir, codeCacheFile(subjectV8Flags(limits(700))));
    expect(existsSync(file)).toBe(true);
    writeFileSync(file, Buffer.alloc(4096, 7));
    expect(await readyOf(700)).toMatchObject({ backend: "wasm", codeCache: "rejected" });
    rmSync(file);
    expect(await readyOf(700)).toMatchObject({ backend: "wasm", codeCache: "absent" });
  }, 60_000);
});
