/**
 * Prints one plain closing line, "tests: N passed, N failed, N skipped", after vitest's own
 * summary, so that CI logs end with a count any tool can read.
 */
import type { Reporter } from "vitest/reporters";

interface TaskLike {
  type: string;
  mode?: string;
  result?: { state?: string };
  tasks?: TaskLike[];
}

function count(tasks: readonly TaskLike[], acc = { passed: 0, failed: 0, skipped: 0 }) {
  for (const t of tasks) {
    if (t.tasks) count(t.tasks, acc);
    if (t.type !== "test") continue;
    if (t.mode === "skip" || t.mode === "todo" || t.result?.state === "skip") acc.skipped++;
    else if (t.result?.state === "pass") acc.passed++;
    else acc.failed++;
  }
  return acc;
}

export default class SummaryLineReporter implements Reporter {
  onFinished(files: readonly TaskLike[] = [], errors: readonly unknown[] = []): void {
    const c = count(files);
    const failed = c.failed + (errors.length > 0 && c.failed === 0 ? errors.length : 0);
    process.stdout.write(`\ntests: ${c.passed} passed, ${failed} failed, ${c.skipped} skipped\n`);
  }
}
