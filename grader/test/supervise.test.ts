/**
 * Process supervision on its own, with tiny plain-JS children (no tfjs, so these are fast): the
 * time limit, the RSS watchdog, V8's heap limit, crashes, the process group, and aborting.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { GRADER_DIR, tsxLoaderUrl } from "../core/paths";
import { supervise } from "../core/supervise";
import { tempDir } from "./helpers";

const dir = tempDir("flowgrade-supervise-");
function script(name: string, source: string): string {
  const path = join(dir, name);
  writeFileSync(path, source);
  return path;
}

/** Running (a killed process may linger as a zombie until it is reaped: that counts as dead). */
const alive = (pid: number) => {
  try {
    return !/^\d+ \(.*\) [ZX]/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
};

describe("supervise", () => {
  it("reports a child that finishes on its own as exited, with its exit code and output", async () => {
    const r = await supervise({ nodeArgs: [script("ok.mjs", "console.log('hello'); console.error('oops'); process.exit(7);")], timeoutMs: 10_000, memoryMb: 512 });
    expect(r.ending).toBe("exited");
    expect(r.exitCode).toBe(7);
    expect(r.stdoutTail).toContain("hello");
    expect(r.stderrTail).toContain("oops");
  });

  it("kills an infinite loop at the time limit", async () => {
    const r = await supervise({ nodeArgs: [script("loop.mjs", "while (true) {}")], timeoutMs: 800, memoryMb: 512 });
    expect(r.ending).toBe("timeout");
    expect(r.signal).toBe("SIGKILL");
    expect(r.durationMs).toBeGreaterThanOrEqual(800);
    expect(r.durationMs).toBeLessThan(5_000);
  });

  it("kills a child whose typed arrays (outside the JS heap) push its RSS over the cap", async () => {
    const hog = "const hog = []; for (;;) hog.push(new Float64Array(1 << 20).fill(hog.length));";
    const r = await supervise({ nodeArgs: [script("hog.mjs", hog)], timeoutMs: 20_000, memoryMb: 300, pollMs: 20 });
    expect(r.ending).toBe("memory");
    expect(r.peakRssMb).toBeGreaterThan(300);
    expect(r.durationMs).toBeLessThan(15_000);
  });

  it("reports a child that exhausts V8's heap limit as memory, not as a plain crash", async () => {
    const heap = "const keep = []; for (;;) keep.push(Array.from({ length: 1e5 }, (_, i) => ({ i })));";
    // a generous RSS cap: V8's --max-old-space-size (derived from memoryMb) must stop it first
    const r = await supervise({ nodeArgs: ["--max-old-space-size=96", script("heap.mjs", heap)], timeoutMs: 30_000, memoryMb: 4096 });
    expect(r.ending).toBe("memory");
    expect(r.exitCode === null ? r.signal : r.exitCode).not.toBe(0);
  });

  it("kills what the child started along with it", async () => {
    const pidFile = join(dir, "grandchild.pid");
    const parent = script(
      "parent.mjs",
      `import { spawn } from "node:child_process"; import { writeFileSync } from "node:fs";
       const g = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)"], { stdio: "ignore" });
       writeFileSync(${JSON.stringify(pidFile)}, String(g.pid)); while (true) {}`,
    );
    const r = await supervise({ nodeArgs: [parent], timeoutMs: 1_500, memoryMb: 512 });
    expect(r.ending).toBe("timeout");
    expect(existsSync(pidFile)).toBe(true);
    const grandchild = Number(readFileSync(pidFile, "utf8"));
    await new Promise((res) => setTimeout(res, 200));
    expect(alive(grandchild)).toBe(false);
  });

  it("a worker whose grader dies ends itself (orphan guard), even inside an infinite loop", async () => {
    const pidFile = join(dir, "orphan.pid");
    const child = script("orphan.ts", `import { startOrphanGuard } from ${JSON.stringify(join(GRADER_DIR, "worker", "orphan-guard.ts"))};\nstartOrphanGuard(60_000);\nwhile (true) {}\n`);
    const grader = script(
      "dying-grader.mjs",
      `import { spawn } from "node:child_process"; import { writeFileSync } from "node:fs";
       const c = spawn(process.execPath, ["--import", ${JSON.stringify(tsxLoaderUrl())}, ${JSON.stringify(child)}], { stdio: "ignore", detached: true });
       writeFileSync(${JSON.stringify(pidFile)}, String(c.pid)); setTimeout(() => process.exit(0), 1500);`,
    );
    const r = await supervise({ nodeArgs: [grader], timeoutMs: 10_000, memoryMb: 512 });
    expect(r.ending).toBe("exited");
    const orphan = Number(readFileSync(pidFile, "utf8"));
    await new Promise((res) => setTimeout(res, 1_000));
    expect(alive(orphan)).toBe(false);
  });

  it("kills the child when the caller aborts", async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    const r = await supervise({ nodeArgs: [script("wait.mjs", "setTimeout(() => {}, 60000)")], timeoutMs: 30_000, memoryMb: 512, signal: controller.signal });
    expect(r.ending).toBe("aborted");
    expect(r.durationMs).toBeLessThan(5_000);
  });
});
