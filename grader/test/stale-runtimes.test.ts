/**
 * Runtime folders left by killed graders (sandbox/stale-runtimes.ts): removed when their owner is
 * gone, kept while it lives, kept without an owner file; and a real runtime records its owner.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { subjectRuntime } from "../sandbox/runtime";
import { removeStaleRuntimes, RUNTIME_PREFIX } from "../sandbox/stale-runtimes";
import { tempDir } from "./helpers";

const parent = tempDir("flowgrade-stale-test-");

function fakeRuntime(name: string, owner?: number): string {
  const dir = join(parent, `${RUNTIME_PREFIX}${name}`);
  mkdirSync(dir);
  writeFileSync(join(dir, "tfjs.cjs"), "");
  if (owner !== undefined) writeFileSync(join(dir, "owner.pid"), String(owner));
  return dir;
}

describe("stale runtime folders", () => {
  it("are removed once their owner is gone; a live owner's, or one without an owner file, stay", () => {
    const ended = spawnSync(process.execPath, ["-e", "0"]).pid!; // a process that has exited
    const gone = fakeRuntime("gone", ended);
    const live = fakeRuntime("live", process.ppid);
    const unknown = fakeRuntime("unknown");
    const other = join(parent, "not-a-runtime");
    mkdirSync(other);
    writeFileSync(join(other, "owner.pid"), String(ended));
    expect(removeStaleRuntimes(parent)).toEqual([`${RUNTIME_PREFIX}gone`]);
    expect([existsSync(gone), existsSync(live), existsSync(unknown), existsSync(other)]).toEqual([false, true, true, true]);
  });

  it("a runtime records the pid of the process that built it", async () => {
    const runtime = await subjectRuntime();
    expect(readFileSync(join(runtime.dir, "owner.pid"), "utf8")).toBe(String(process.pid));
  }, 60_000);
});
