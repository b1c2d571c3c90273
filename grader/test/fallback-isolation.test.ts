/**
 * The fallback isolation mode end to end (issue 17 item 2): where the machine allows no
 * namespace, subjects run one at a time, and each one's processes and litter are gone before the
 * next starts (grader/sandbox/isolation.ts, "none"). FLOWGRADE_ISOLATION=none forces the mode in
 * this test file's own process (vitest's forks pool gives each file one). Exercise (a) only: the
 * solutions get full marks, loopback-memo (a memo server on 127.0.0.1 shared between subjects)
 * fails exactly what memoises fails, socket-litter (unix sockets in every world-writable folder)
 * keeps full marks; while grading, at most one subject is alive at a time; afterwards no subject
 * process and no litter file is left.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gradeSubmission } from "../core/grade-submission";
import { REPO_ROOT } from "../core/paths";
import type { GradeReport } from "../core/report";
import { fixtureSubmission, FIXTURES_DIR } from "../fixture-submission";
import { probeIsolation } from "../sandbox/isolation";
import { subjectRuntime } from "../sandbox/runtime";
import { fullMarks, liveCommandLines } from "./helpers";

process.env.FLOWGRADE_ISOLATION = "none";

const EXERCISES = ["additive-coupling"];
const SUBMISSIONS = { solutions: () => join(REPO_ROOT, "solutions"), "loopback-memo": () => fixtureSubmission("loopback-memo"), "socket-litter": () => fixtureSubmission("socket-litter") };
const LITTER_DIRS = ["/tmp", "/dev/shm", "/var/tmp", "/run/lock"];

const reports = new Map<string, GradeReport>();
let mostAlive = 0;
let samples = 0;
/** This process's runtime (built once per process): subjects of other gradings on the machine run other copies. */
let runner = "";
/** Node processes running this runtime's runner (not the unshare or shell that may wrap one). */
const subjectsAlive = () => liveCommandLines().filter((cmd) => cmd.startsWith(`${process.execPath} `) && cmd.includes(runner)).length;
const litter = () =>
  LITTER_DIRS.flatMap((d) => {
    try {
      return readdirSync(d).filter((n) => n.startsWith("flowgrade-litter-"));
    } catch {
      return [];
    }
  });

beforeAll(async () => {
  runner = join((await subjectRuntime()).dir, "runner.cjs");
  const sampler = setInterval(() => {
    mostAlive = Math.max(mostAlive, subjectsAlive());
    samples++;
  }, 25);
  try {
    for (const [name, dir] of Object.entries(SUBMISSIONS)) reports.set(name, await gradeSubmission(dir(), { exercises: EXERCISES }));
  } finally {
    clearInterval(sampler);
  }
}, 20 * 60_000);
afterAll(() => delete process.env.FLOWGRADE_ISOLATION);

describe("the fallback isolation (FLOWGRADE_ISOLATION=none)", () => {
  it("is the mode, and every grading says so in its first line", () => {
    expect(probeIsolation()).toBe("none");
    for (const report of reports.values()) expect(report.backendLine).toContain("no namespace isolation here");
  });

  it("the solutions get full marks", () => {
    const report = reports.get("solutions")!;
    expect(report.error).toBeUndefined();
    expect(report.tests.filter((t) => !t.passed).map((t) => `${t.name}: ${t.message}`)).toEqual([]);
    expect(report.tests.reduce((s, t) => s + t.score, 0)).toBe(fullMarks(EXERCISES));
  });

  it.each(["loopback-memo", "socket-litter"])("%s fails exactly the tests in its expected.json", (name) => {
    const expected = JSON.parse(readFileSync(join(FIXTURES_DIR, name, "expected.json"), "utf8")) as { failing: string[] };
    const report = reports.get(name)!;
    expect(report.error).toBeUndefined();
    expect(report.tests.filter((t) => !t.passed).map((t) => t.name).sort()).toEqual([...expected.failing].sort());
    for (const t of report.tests.filter((t) => t.passed)) expect(t.score).toBe(t.maxScore);
  });

  it("runs one subject at a time", () => {
    expect(samples).toBeGreaterThan(100);
    expect(mostAlive).toBe(1);
  });

  it("leaves no subject alive and no file a subject made", () => {
    expect(subjectsAlive()).toBe(0);
    expect(litter()).toEqual([]);
  });
});
