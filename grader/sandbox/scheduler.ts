/**
 * How many subjects run at once, and the re-run policy that keeps grades independent of load.
 *
 * A {@link SubjectPool} has `slots` (the rubric's concurrency, 2 on the course machine). A subject
 * stopped by the CPU-time limit or the wall-clock safety net is run ONCE more, alone (holding
 * every slot), before its checks fail: on a busy machine a correct submission then gets a second,
 * quiet chance, while an infinite loop still fails (after two limits' worth of CPU time).
 */
import { runSubject, type RunSubjectOptions, type SubjectRun } from "./run-subject";

export class SubjectPool {
  private used = 0;
  private readonly queue: { need: number; grant: () => void }[] = [];

  constructor(readonly slots: number) {
    if (!Number.isInteger(slots) || slots < 1) throw new RangeError(`SubjectPool: 'slots' must be a positive integer; got ${slots}.`);
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
  /** True when the first run hit a time limit and this is the second run, alone. */
  rerunAlone: boolean;
}

export async function runScheduled(pool: SubjectPool, options: RunSubjectOptions): Promise<ScheduledRun> {
  const first = await pool.run(() => runSubject(options));
  if ((first.ending !== "cpu" && first.ending !== "wall") || options.signal?.aborted) return { ...first, rerunAlone: false };
  const second = await pool.run(() => runSubject(options), true);
  return { ...second, rerunAlone: true };
}
