/**
 * The sandbox: a subject process can read its runtime and its compiled submission and nothing
 * else, cannot write, start processes or threads, or signal the grader; the supervisor's limits
 * stop it; nothing it prints is taken for the supervisor's report; and nothing started for a
 * subject outlives it, even when the grader itself is killed.
 */
import { spawn } from "node:child_process";
import { connect } from "node:net";
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readApi } from "../blackbox/read-answers";
import { REPO_ROOT } from "../core/paths";
import { compileSubmissionFile, compileSubmissionFiles } from "../sandbox/compile";
import { runScheduled, SubjectPool } from "../sandbox/scheduler";
import { probeIdentity } from "../sandbox/identity";
import { probeIsolation } from "../sandbox/isolation";
import { parseAnswers, runSubject, type SubjectLimits, type SubjectRun } from "../sandbox/run-subject";
import { subjectRuntime, type Runtime } from "../sandbox/runtime";
import type { BijectorJob } from "../subject/protocol";

const LIMITS: SubjectLimits = { cpuMs: 20_000, wallMs: 60_000, memoryMb: 1024, pollMs: 50, maxOutputBytes: 8 * 2 ** 20 };
let runtime: Runtime;
let dir: string;
const SCAFFOLD = ["../src/bijectors/masked-coupling", "../src/bijectors/bijector", "../src/bijectors/errors"];

beforeAll(async () => {
  runtime = await subjectRuntime();
  dir = mkdtempSync(join(tmpdir(), "flowgrade-sandbox-test-"));
  chmodSync(dir, 0o755);
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Compiles `source` as an exercise file and runs a bijector job whose class is `Probe`; the answers come back. Unsealed (seal.ts), so that the layers beneath are what is probed; seal.test.ts probes the seal. */
async function runProbe(name: string, source: string, limits: Partial<SubjectLimits> = {}): Promise<SubjectRun> {
  const src = join(dir, `${name}.ts`);
  writeFileSync(src, source);
  const out = join(dir, `${name}.cjs`);
  const compiled = await compileSubmissionFile(src, out, SCAFFOLD, runtime, `${name}.ts`);
  expect(compiled).toEqual({ ok: true, out });
  chmodSync(out, 0o644);
  const job: BijectorJob = { kind: "bijector", backend: "cpu", build: { kind: "coupling", module: out, className: "Probe", mask: [1, 0], hidden: [4] }, weights: [], weightShapes: [], calls: [], unsealed: true };
  return runSubject({ runtime, submissionDir: dir, job, limits: { ...LIMITS, ...limits } });
}

/** A probe module whose constructor throws the JSON of what `body` found, so that it reaches the api answer. */
const reporting = (body: string) => `
const found: Record<string, string> = {};
const attempt = (what: string, f: () => unknown) => { try { f(); found[what] = "ALLOWED"; } catch (e) { found[what] = String((e as { code?: string }).code ?? (e as Error).message); } };
const mod = (name: string) => (process as unknown as { getBuiltinModule: (m: string) => any }).getBuiltinModule(name);
${body}
export class Probe { constructor() { throw new Error(JSON.stringify(found)); } }
`;

function found(run: SubjectRun): Record<string, string> {
  const api = readApi(run);
  expect(api?.ok).toBe(false);
  return JSON.parse(api!.problem.replace(/^constructing Probe threw Error: /, ""));
}

describe("a subject process", () => {
  it("cannot write files, read outside its folders, start processes or threads", async () => {
    const run = await runProbe(
      "escape",
      reporting(`
attempt("write a file", () => mod("fs").writeFileSync("/tmp/flowgrade-escape.txt", "x"));
attempt("read the solutions", () => mod("fs").readFileSync(${JSON.stringify(join(REPO_ROOT, "solutions", "nll.ts"))}));
attempt("read /etc/passwd", () => mod("fs").readFileSync("/etc/passwd"));
attempt("list the repository", () => mod("fs").readdirSync(${JSON.stringify(REPO_ROOT)}));
attempt("spawn", () => mod("child_process").spawnSync("/bin/true"));
attempt("worker", () => new (mod("worker_threads").Worker)("0", { eval: true }));
attempt("read the compiled submission", () => mod("fs").readFileSync(${JSON.stringify(join(dir, "escape.cjs"))}));
attempt("read the runtime", () => mod("fs").readFileSync(${JSON.stringify(join(runtime.dir, "runner.cjs"))}));
`),
    );
    expect(found(run)).toEqual({
      "write a file": "ERR_ACCESS_DENIED",
      "read the solutions": "ERR_ACCESS_DENIED",
      "read /etc/passwd": "ERR_ACCESS_DENIED",
      "list the repository": "ERR_ACCESS_DENIED",
      spawn: "ERR_ACCESS_DENIED",
      worker: "ERR_ACCESS_DENIED",
      "read the compiled submission": "ALLOWED",
      "read the runtime": "ALLOWED",
    });
    expect(existsSync("/tmp/flowgrade-escape.txt")).toBe(false);
  });

  it("sees no path of the grader, the rubric or the repository in its argv, environment or readable files", async () => {
    const run = await runProbe("argv", reporting(`found.argv = process.argv.join(" "); found.env = JSON.stringify(process.env);`));
    const f = found(run);
    for (const text of [f.argv, f.env]) {
      expect(text).not.toContain(REPO_ROOT);
      expect(text).not.toMatch(/rubric|results|junit/);
    }
    for (const file of readdirSync(runtime.dir).filter((n) => n.endsWith(".cjs"))) expect(readFileSync(join(runtime.dir, file), "utf8")).not.toContain(REPO_ROOT);
    expect(readFileSync(join(dir, "argv.cjs"), "utf8")).not.toContain(REPO_ROOT);
  });

  it.runIf(probeIdentity() !== "same")("runs as another user, so it cannot signal the grader or its supervisor", async () => {
    const run = await runProbe("signal", reporting(`found.uid = String(process.getuid?.()); attempt("signal parent", () => process.kill(process.ppid, 0)); attempt("signal grader", () => process.kill(${process.pid}, 0));`));
    const f = found(run);
    expect(Number(f.uid)).toBeGreaterThan(0);
    expect(f["signal parent"]).toBe("EPERM");
    expect(f["signal grader"]).toBe("EPERM");
  });

  it("is stopped at the CPU-time limit, the memory cap and the output cap, as the supervisor reports", async () => {
    expect((await runProbe("spin", "while (true) {}\nexport class Probe {}", { cpuMs: 1500 })).ending).toBe("cpu");
    expect((await runProbe("hog", "const keep: Float64Array[] = [];\nwhile (true) keep.push(new Float64Array(1 << 20).fill(1));\nexport class Probe {}", { memoryMb: 300 })).ending).toBe("memory");
    expect((await runProbe("chatty", 'for (let i = 0; i < 40; i++) process.stdout.write("x".repeat(1 << 16));\nexport class Probe {}', { maxOutputBytes: 2 ** 20 })).ending).toBe("output");
  });

  it("cannot pass its own lines for the supervisor's report", async () => {
    const run = await runProbe("forger", 'process.stdout.write(\'{"type":"ended","ending":"exited","exitCode":0}\\n\');\nprocess.exit(3);\nexport class Probe {}');
    expect(run.ending).toBe("exited");
    expect(run.exitCode).toBe(3);
  });
});

/**
 * A probe that runs as a subject (in place of the runner, under the same isolation and Node
 * flags) and tries every channel: it answers one "probe" line with what each attempt gave.
 * `role` "listen" opens channels and stays alive 6 s; "connect" tries to reach them.
 */
const PROBE = String.raw`
const net = require("node:net"), dgram = require("node:dgram"), fs = require("node:fs");
const role = process.argv[2], tag = "flowgrade-probe-" + process.argv[3];
const found = {};
const done = () => { process.stdout.write("@@answer " + JSON.stringify({ section: "probe", found }) + "\n"); };
const attempt = (what, f) => new Promise((resolve) => {
  const settle = (v) => { found[what] = v; resolve(); };
  try { f(settle); } catch (e) { settle(String(e.code || e.message)); }
  setTimeout(() => settle(found[what] ?? "NO ANSWER"), 1500);
});
const listen = (what, server, ...args) => attempt(what, (settle) => server.on("error", (e) => settle(String(e.code))).listen(...args, () => settle("ALLOWED")));
const connect = (what, ...args) => attempt(what, (settle) => net.connect(...args).on("error", (e) => settle(String(e.code))).on("connect", () => settle("ALLOWED")));
const write = (what, path) => attempt(what, (settle) => { fs.writeFileSync(path, "x"); settle("ALLOWED"); });
(async () => {
  if (role === "listen") {
    await listen("tcp listen 127.0.0.1", net.createServer(), 47311, "127.0.0.1");
    await listen("tcp listen ::1", net.createServer(), 47311, "::1");
    await attempt("udp bind 127.0.0.1", (settle) => dgram.createSocket("udp4").on("error", (e) => settle(String(e.code))).bind(47312, "127.0.0.1", () => settle("ALLOWED")));
    await listen("unix socket in /tmp", net.createServer(), "/tmp/" + tag + ".sock");
    await listen("unix socket in /dev/shm", net.createServer(), "/dev/shm/" + tag + ".sock");
    await listen("unix socket in /var/tmp", net.createServer(), "/var/tmp/" + tag + ".sock");
    await listen("abstract socket (own namespace)", net.createServer((c) => c.end("secret")), "\0" + tag);
    await write("file in /tmp", "/tmp/" + tag + ".txt");
    await write("file in /dev/shm", "/dev/shm/" + tag + ".txt");
    done();
    setTimeout(() => process.exit(0), 6000);
  } else {
    await connect("tcp connect 127.0.0.1", 47311, "127.0.0.1");
    await attempt("udp send 127.0.0.1", (settle) => dgram.createSocket("udp4").on("error", (e) => settle(String(e.code))).send("x", 47312, "127.0.0.1", (e) => settle(e ? String(e.code) : "ALLOWED")));
    await connect("unix socket in /tmp", "/tmp/" + tag + ".sock");
    await connect("abstract socket of the other subject", "\0" + tag);
    await attempt("read the other subject's /tmp", (settle) => { fs.readFileSync("/tmp/" + tag + ".txt"); settle("ALLOWED"); });
    await attempt("list /tmp", (settle) => settle(fs.readdirSync("/tmp").some((n) => n.startsWith("flowgrade-probe")) ? "ALLOWED" : "SEES NOTHING"));
    done();
    process.exit(0);
  }
})();
`;

describe.runIf(probeIsolation() !== "none")("isolation: no channel between subjects, or out of them (" + probeIsolation() + ")", () => {
  it("a listening subject opens nothing reachable, and a concurrent subject reaches nothing; no file is left", async () => {
    const script = join(dir, "probe.cjs");
    writeFileSync(script, PROBE);
    chmodSync(script, 0o644);
    const tag = String(process.pid);
    const litter = () => ["/tmp", "/dev/shm", "/var/tmp"].flatMap((d) => (existsSync(d) ? readdirSync(d).filter((n) => n.startsWith("flowgrade-probe")) : []));
    const job = { kind: "probe" } as unknown as BijectorJob;
    const start = (role: string) => runSubject({ runtime, submissionDir: dir, job, limits: LIMITS, script, scriptArgs: [role, tag] });
    const listener = start("listen");
    await new Promise((r) => setTimeout(r, 3000));
    // nor does the grader's own namespace reach the listener
    const fromGrader = await new Promise<string>((resolve) => connect(47311, "127.0.0.1").on("error", (e: NodeJS.ErrnoException) => resolve(String(e.code))).on("connect", () => resolve("ALLOWED")));
    expect(fromGrader).not.toBe("ALLOWED");
    const [a, b] = await Promise.all([listener, start("connect")]);
    const probe = (r: SubjectRun) => (r.answers.find((x) => (x.section as string) === "probe") as unknown as { found: Record<string, string> } | undefined)?.found;
    const listened = probe(a)!;
    const connected = probe(b)!;
    expect(listened, a.stderrTail).toBeDefined();
    expect(connected, b.stderrTail).toBeDefined();
    // sockets may open inside the subject's own network namespace, but nothing else reaches them; files may not be made at all
    for (const what of ["unix socket in /tmp", "unix socket in /dev/shm", "unix socket in /var/tmp", "file in /tmp", "file in /dev/shm"]) expect({ what, result: listened[what] }).not.toEqual({ what, result: "ALLOWED" });
    for (const [what, result] of Object.entries(connected)) expect({ what, result }).not.toEqual({ what, result: "ALLOWED" });
    console.log("isolation probe:", JSON.stringify({ listened, connected }));
    expect(litter()).toEqual([]);
  }, 60_000);
});

describe("time and the compiler", () => {
  it("a subject that sleeps is stopped for idling, long before the wall-clock safety net", async () => {
    const run = await runProbe("sleeper", "Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100_000);\nexport class Probe {}", { idleMs: 2000, idleCpuMs: 50 });
    expect(run.ending).toBe("idle");
    expect(run.wallMs).toBeLessThan(20_000);
  });

  it("the wall budget stops a running subject and starts no other", async () => {
    writeFileSync(join(dir, "spin-budget.ts"), "while (true) {}\nexport class Probe {}");
    expect((await compileSubmissionFile(join(dir, "spin-budget.ts"), join(dir, "spin-budget.cjs"), SCAFFOLD, runtime, "spin-budget.ts")).ok).toBe(true);
    chmodSync(join(dir, "spin-budget.cjs"), 0o644);
    const job: BijectorJob = { kind: "bijector", backend: "cpu", build: { kind: "coupling", module: join(dir, "spin-budget.cjs"), className: "Probe", mask: [1, 0], hidden: [4] }, weights: [], weightShapes: [], calls: [] };
    const pool = new SubjectPool(1, 4000);
    const started = Date.now();
    const [first, queued] = await Promise.all([0, 1].map(() => runScheduled(pool, { runtime, submissionDir: dir, job, limits: { ...LIMITS, cpuMs: 600_000, wallMs: 600_000 } })));
    pool.close();
    expect([first.ending, queued.ending]).toEqual(["budget", "budget"]);
    expect(queued.wallMs).toBe(0); // never started
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  it("a compiler that dies or hangs fails only its own submission's files, with a clear message", async () => {
    const src = join(dir, "ok.ts");
    writeFileSync(src, "export const x: number = 1;\n");
    const killed = await compileSubmissionFiles([{ source: src, outFile: join(dir, "ok.cjs"), allowed: [], displayName: "ok.ts" }], runtime, 1);
    expect(killed).toEqual([{ ok: false, problem: "ok.ts could not be compiled: the compiler did not finish within 0.001 s" }]);
    // the next compile gets a fresh process
    expect(await compileSubmissionFile(src, join(dir, "ok.cjs"), [], runtime, "ok.ts")).toEqual({ ok: true, out: join(dir, "ok.cjs") });
  });
});

describe("reading answers", () => {
  it("keeps only well-formed answer lines and counts the rest", () => {
    const { answers, garbled } = parseAnswers(['@@answer {"section":"ready"}', "@@answer {broken", '@@answer "passed"', "hello", '@@answer {"section":"done"}'].join("\n"));
    expect(answers.map((a) => a.section)).toEqual(["ready", "done"]);
    expect(garbled).toBe(2);
  });
});

describe("when the grader itself is killed", () => {
  // The supervisor notices in two ways: its parent process id changes (polled every pollMs), or
  // relaying the subject's next line fails because the grader's end of the pipe is closed. The
  // subject prints a line about 1 s after it starts, after the kill; with a poll of 10 minutes only
  // the broken pipe can tell the supervisor.
  it.each([
    ["its parent process changes", 50],
    ["the pipe it relays output on breaks", 600_000],
  ])("leaves no process started for the submission alive (noticed when %s)", async (_how, pollMs) => {
    writeFileSync(join(dir, "spin-forever.ts"), "const t0 = Date.now();\nwhile (Date.now() - t0 < 1000) {}\nconsole.log(\"still here\");\nwhile (true) {}\nexport class Probe {}");
    expect((await compileSubmissionFile(join(dir, "spin-forever.ts"), join(dir, "spin-forever.cjs"), SCAFFOLD, runtime, "spin-forever.ts")).ok).toBe(true);
    chmodSync(join(dir, "spin-forever.cjs"), 0o644);
    const script = join(dir, "grade-and-die.mts");
    writeFileSync(
      script,
      `import { runSubject } from ${JSON.stringify(join(REPO_ROOT, "grader/sandbox/run-subject.ts"))};
import { subjectRuntime } from ${JSON.stringify(join(REPO_ROOT, "grader/sandbox/runtime.ts"))};
const runtime = await subjectRuntime();
const job = { kind: "bijector", backend: "cpu", build: { kind: "coupling", module: ${JSON.stringify(join(dir, "spin-forever.cjs"))}, className: "Probe", mask: [1, 0], hidden: [4] }, weights: [], weightShapes: [], calls: [] };
void runSubject({ runtime, submissionDir: ${JSON.stringify(dir)}, job, limits: { cpuMs: 600000, wallMs: 600000, memoryMb: 1024, pollMs: ${pollMs}, maxOutputBytes: 1e6 } });
setInterval(() => {}, 1000);
`,
    );
    const grader = spawn(process.execPath, ["--import", "tsx", script], { cwd: REPO_ROOT, stdio: "ignore" });
    // Node processes running the runner only: the isolation wrapper's shell (and the children it forks
    // for its mounts, before they exec) carry the same words in their command lines.
    const subjects = () =>
      readdirSync("/proc")
        .filter((p) => /^\d+$/.test(p))
        .filter((p) => {
          try {
            const cmd = readFileSync(`/proc/${p}/cmdline`, "utf8");
            return cmd.startsWith(`${process.execPath}\0`) && cmd.includes("runner.cjs") && cmd.includes(`--allow-fs-read=${dir}/`);
          } catch {
            return false;
          }
        });
    const before = new Set(subjects());
    let started: string[] = [];
    for (let i = 0; i < 200 && started.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
      started = subjects().filter((p) => !before.has(p));
    }
    grader.kill("SIGKILL"); // before the assertion, so that a failed run leaves no grader behind
    expect(started.length).toBe(1);
    let alive = started;
    for (let i = 0; i < 50 && alive.length; i++) {
      await new Promise((r) => setTimeout(r, 100));
      alive = alive.filter((p) => existsSync(`/proc/${p}`) && !/^\d+ \(.*\) [ZX]/.test(readFileSync(`/proc/${p}/stat`, "utf8")));
    }
    expect(alive).toEqual([]);
  }, 60_000);
});
