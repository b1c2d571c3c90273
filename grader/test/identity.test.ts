/**
 * Subject uids across grader processes: two graders running at once (grade-class --jobs, two CI
 * jobs on one machine) must never hand out the same uid, since subjects of one uid can signal each
 * other and the supervisor ends every process of a subject's uid when that subject stops.
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../core/paths";

const isRoot = process.getuid?.() === 0;

/** A grader-like process: takes 3 subject uids, prints them, holds its block until stdin closes. */
const HOLDER = `
import { subjectIdentity, releaseIdentity, probeIdentity } from ${JSON.stringify(join(REPO_ROOT, "grader", "sandbox", "identity.ts"))};
const ids = [subjectIdentity(), subjectIdentity(), subjectIdentity()];
releaseIdentity(ids[1]);
const again = subjectIdentity();
console.log(JSON.stringify({ mode: probeIdentity(), uids: ids.map((i) => i.uid), again: again.uid }));
process.stdin.resume();
process.stdin.on("end", () => process.exit(0));
`;

function startHolder(): Promise<{ out: { mode: string; uids: number[]; again: number }; stop: () => void }> {
  const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", HOLDER], { cwd: REPO_ROOT, stdio: ["pipe", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    let text = "";
    child.stdout.on("data", (d: Buffer) => {
      text += d.toString();
      if (text.includes("\n")) resolve({ out: JSON.parse(text), stop: () => child.stdin.end() });
    });
    child.on("exit", (code) => reject(new Error(`holder exited with ${code} before answering`)));
  });
}

describe.skipIf(!isRoot)("subject uids (as root)", () => {
  it("two grader processes at once get disjoint uids, and a released uid is not handed out while others are free", async () => {
    const a = await startHolder();
    const b = await startHolder();
    try {
      expect(a.out.mode).toBe("pool");
      expect(new Set(a.out.uids).size).toBe(3);
      for (const uid of b.out.uids) expect(a.out.uids).not.toContain(uid);
      // a block is 200 uids: the two processes' uids lie in different blocks
      expect(Math.floor((a.out.uids[0] - 61000) / 200)).not.toBe(Math.floor((b.out.uids[0] - 61000) / 200));
      // uids cycle through the block: the fourth is a new one, never one still in use
      expect(a.out.uids).not.toContain(a.out.again);
    } finally {
      a.stop();
      b.stop();
    }
  }, 60_000);
});
