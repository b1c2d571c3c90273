/**
 * From a worker's result lines and ending to outcomes, without starting processes: finished
 * checks keep their results, the check that was running names the limit it hit, later checks
 * are "not run", and a worker that never reported its backend is a grader error.
 */
import { describe, expect, it } from "vitest";
import { parseWorkerLines, type WorkerLine } from "../worker/protocol";
import type { GroupSpec } from "../core/plan";
import { collectOutcomes } from "../core/run-group";
import type { SuperviseResult } from "../core/supervise";

const group: GroupSpec = {
  id: "affine-coupling/public",
  kind: "exercise",
  exercise: "affine-coupling",
  cases: "public",
  timeoutMs: 4000,
  tests: ["api", "shapes", "round-trip-forward"].map((check, i) => ({ name: `affine-coupling/public/${check}`, suite: "affine-coupling", cases: "public", check, maxScore: i, visibility: "visible" })),
};

const ended = (over: Partial<SuperviseResult>): SuperviseResult => ({ ending: "exited", exitCode: 0, signal: null, durationMs: 10, peakRssMb: 100, stderrTail: "", stdoutTail: "", ...over });
const backend: WorkerLine = { type: "backend", line: "FlowLab backend: wasm (test)" };
const passed = (check: string): WorkerLine[] => [
  { type: "start", check },
  { type: "result", check, result: { check, subject: "AffineCoupling", passed: true, message: `${check} ok`, measured: 1e-6, tolerance: 1e-4 }, ms: 3 },
];

describe("collectOutcomes", () => {
  it("gives each finished check its own result and credit", () => {
    const lines = [backend, ...passed("api"), ...passed("shapes"), ...passed("round-trip-forward"), { type: "done" } as WorkerLine];
    const { tests, backendLine, graderError } = collectOutcomes(group, lines, ended({}), 1024);
    expect(graderError).toBeUndefined();
    expect(backendLine).toContain("wasm");
    expect(tests.map((t) => [t.passed, t.score])).toEqual([[true, 0], [true, 1], [true, 2]]);
    expect(tests[2].measured).toBe(1e-6);
  });

  it("fails the running check with the time limit and the later ones as not run, keeping earlier results", () => {
    const lines = [backend, ...passed("api"), { type: "start", check: "shapes" } as WorkerLine];
    const { tests } = collectOutcomes(group, lines, ended({ ending: "timeout", exitCode: null, signal: "SIGKILL" }), 1024);
    expect(tests[0].passed).toBe(true);
    expect(tests[1]).toMatchObject({ passed: false, score: 0, interrupted: "timeout" });
    expect(tests[1].message).toMatch(/^shapes: stopped by the time limit: the affine-coupling\/public worker was killed after 4 s while running "shapes"/);
    expect(tests[2].message).toMatch(/^round-trip-forward: not run: stopped by the time limit/);
  });

  it("names the memory cap and the peak RSS", () => {
    const lines = [backend, { type: "start", check: "api" } as WorkerLine];
    const { tests } = collectOutcomes(group, lines, ended({ ending: "memory", exitCode: null, signal: "SIGKILL", peakRssMb: 1100.4 }), 1024);
    expect(tests[0].message).toMatch(/stopped by the memory cap: .* more than 1024 MB \(peak RSS 1100 MB\) while running "api"/);
    expect(tests.every((t) => t.interrupted === "memory")).toBe(true);
  });

  it("does not trust exit code 0 without a 'done' line (student code called process.exit)", () => {
    const lines = [backend, ...passed("api"), { type: "start", check: "shapes" } as WorkerLine];
    const { tests } = collectOutcomes(group, lines, ended({ exitCode: 0 }), 1024);
    expect(tests[1]).toMatchObject({ passed: false, interrupted: "crash" });
    expect(tests[1].message).toContain("exited with code 0");
    expect(tests[1].message).toContain("process.exit()");
  });

  it("quotes the last stderr line of a crash", () => {
    const lines = [backend, { type: "start", check: "api" } as WorkerLine];
    const stderrTail = "file:///x.ts:3\nRangeError: Invalid array length\n    at forward (x.ts:3:9)\n\nNode.js v20.20.2\n";
    const { tests } = collectOutcomes(group, lines, ended({ exitCode: 1, stderrTail }), 1024);
    expect(tests[0].message).toMatch(/crashed with exit code 1 while running "api" before reporting a result: RangeError: Invalid array length$/);
  });

  it("treats a worker that never reported its backend as a grader error, not the student's", () => {
    const { tests, graderError } = collectOutcomes(group, [], ended({ exitCode: 1, stderrTail: "Error: Cannot find module 'tsx'" }), 1024);
    expect(graderError).toContain("Cannot find module 'tsx'");
    expect(tests.every((t) => !t.passed && t.interrupted === "grader" && t.message.startsWith("not graded: grader error"))).toBe(true);
  });

  it("treats a 'fatal' line as a grader error", () => {
    const { graderError } = collectOutcomes(group, [backend, { type: "fatal", message: "worker setup failed: bad tolerance" }], ended({ exitCode: 3 }), 1024);
    expect(graderError).toContain("bad tolerance");
  });

  it("parses result lines and drops a line torn by a kill", () => {
    const text = `${JSON.stringify(backend)}\n${JSON.stringify({ type: "done" })}\n{"type":"res`;
    expect(parseWorkerLines(text).map((l) => l.type)).toEqual(["backend", "done"]);
  });
});
