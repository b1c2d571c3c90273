/**
 * How many subjects run at once, the re-run policy that keeps grades independent of load, and the
 * submission's wall budget.
 *
 * A {@link SubjectPool} has `slots` (the rubric's concurrency, 2 on the course machine; 1 where
 * subjects cannot be isolated by namespaces, see isolation.ts). A subject stopped by the CPU-time
 * limit or the wall-clock safety net is run ONCE more, in one slot like any other, before its
 * checks fail: on a busy machine a correct submission gets a second chance, while an infinite loop
 * still fails (after two limits' worth of CPU time) without holding up the other subjects. A
 * subject stopped for idling (it sleeps) is not run again: idling does not depend on load.
 *
 * The pool also holds the submission's wall budget (`budgetMs`, see `wallBudgetMs`): when it is
 * spent, the running subjects are stopped and no other starts; their checks fail with ending
 * "budget". Sleeping subjects and hangs therefore cannot stretch one grading past it.
 */
import type { Limits } from "../core/rubric";
import { runSubject, type RunSubjectOptions, type SubjectRun } from "./run-subject";

/** The fixed part of a wall budget, ms: compiling, the type check, starting processes. */
export const BUDGET_BASE_MS = 120_000;

/**
 * A grading's wall budget, from the rubric's limits and the groups to run: BUDGET_BASE_MS, plus
 * 1.5 × the CPU-time limit of each likelihood test (they train), plus the exercise CPU-time limit
 * for each exercise case set. With the shipped rubric (all of it): 120 + 2 × 180 + 14 × 30 = 900 s,
 * about twenty times what the solutions take on an idle 2-core machine (≈ 46 s; measured 297 s
 * at a load of 22), so a correct submission finishes within it even on a crowded machine; for
 * `--only additive-coupling`, 180 s (measured 64 s at a load of 22).
 */
export function wallBudgetMs(limits: Pick<Limits, "exerciseTimeoutMs" | "likelihoodTimeoutMs">, groups: readonly { kind: string }[]): number {
  const likelihoods = groups.filter((g) => g.kind === "likelihood" || g.kind === "image-likelihood").length;
  const exercises = groups.filter((g) => g.kind === "exercise").length;
  return BUDGET_BASE_MS + likelihoods * 1.5 * limits.likelihoodTimeoutMs + exercises * limits.exerciseTimeoutMs;
}

export class SubjectPool {
  private used = 0;
  private readonly queue: { need: number; grant: () => void }[] = [];
  private readonly budget = new AbortController();
  private timer?: NodeJS.Timeout;

  /** @param budgetMs the wall budget of the grading this pool serves (none when undefined) */
  constructor(readonly slots: number, readonly budgetMs?: number) {
    if (!Number.isInteger(slots) || slots < 1) throw new RangeError(`SubjectPool: 'slots' must be a positive integer; got ${slots}.`);
    if (budgetMs !== undefined) {
      this.timer = setTimeout(() => this.budget.abort(), budgetMs);
      this.timer.unref();
    }
  }

  /** Aborted when the wall budget is spent. */
  get budgetSignal(): AbortSignal {
    return this.budget.signal;
  }

  /** Stops the budget's clock (the grading is over). */
  close(): void {
    clearTimeout(this.timer);
  }

  /** Runs `task` holding one slot, or every slot when `alone`; first come, first served. */
  async run<T>(task: () => Promise<T>, alone = false): Promise<T> {
    const need = alone ? this.slots : 1;
    await new Promise<void>((grant) => {
      this.queue.push({ need, grant });
      this.pump();
    });
    try {
      return await task();
    } finally {
      this.used -= need;
      this.pump();
    }
  }

  private pump(): void {
    while (this.queue.length && this.used + this.queue[0].need <= this.slots) {
      const next = this.queue.shift()!;
      this.used += next.need;
      next.grant();
    }
  }
}

export interface ScheduledRun extends SubjectRun {
  /** True when the first run hit a time limit and this is the second run. */
  rerunAlone: boolean;
  /** The pool's wall budget, ms, when the run ended with "budget". */
  budgetMs?: number;
}

const overBudget = (): SubjectRun => ({ answers: [], ending: "budget", exitCode: null, signal: null, cpuMs: 0, wallMs: 0, peakRssMb: 0, marks: {}, garbled: 0, stderrTail: "" });

/** One subject in one slot, stopped (or never started) when the budget is spent. */
async function runOnce(pool: SubjectPool, options: RunSubjectOptions): Promise<SubjectRun> {
  return pool.run(async () => {
    if (pool.budgetSignal.aborted) return overBudget();
    const both = new AbortController();
    const stop = () => both.abort();
    for (const s of [options.signal, pool.budgetSignal]) s?.addEventListener("abort", stop, { once: true });
    if (options.signal?.aborted) stop();
    const run = await runSubject({ ...options, signal: both.signal });
    for (const s of [options.signal, pool.budgetSignal]) s?.removeEventListener("abort", stop);
    return pool.budgetSignal.aborted && !options.signal?.aborted && run.ending === "aborted" ? { ...run, ending: "budget" } : run;
  });
}

export async function runScheduled(pool: SubjectPool, options: RunSubjectOptions): Promise<ScheduledRun> {
  const budgetMs = pool.budgetMs;
  const first = await runOnce(pool, options);
  if ((first.ending !== "cpu" && first.ending !== "wall") || options.signal?.aborted || pool.budgetSignal.aborted) return { ...first, rerunAlone: false, budgetMs };
  const second = await runOnce(pool, options);
  return { ...second, rerunAlone: true, budgetMs };
}
