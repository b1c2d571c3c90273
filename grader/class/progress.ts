/**
 * The progress line of `grade-class`, one per finished student:
 *   [3/17] alice 78/78 graded, 0:42 elapsed, ETA 3:10
 * The ETA is the mean time per graded student so far × the students left ÷ the parallel jobs.
 */
import { maxScoreOf, scoreOf } from "../core/report";
import { statusText, type StudentRecord } from "./record";

/** "m:ss" (or "h:mm:ss"). */
export function clock(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, "0");
  return h ? `${h}:${String(m).padStart(2, "0")}:${ss}` : `${m}:${ss}`;
}

export class Progress {
  private done = 0;
  private gradedSeconds = 0;
  private graded = 0;
  private readonly started = performance.now();

  constructor(private readonly total: number, private readonly jobs: number) {}

  /** Records a finished student and returns its line. `kept`: reused from an earlier run. */
  line(record: StudentRecord, kept = false): string {
    this.done++;
    if (!kept && record.seconds > 0) {
      this.graded++;
      this.gradedSeconds += record.seconds;
    }
    const elapsed = (performance.now() - this.started) / 1000;
    const left = this.total - this.done;
    const eta = this.graded ? ((this.gradedSeconds / this.graded) * left) / this.jobs : undefined;
    const score = record.report && record.status === "graded" ? `${scoreOf(record.report)}/${maxScoreOf(record.report)} ` : "";
    const width = String(this.total).length;
    return `[${String(this.done).padStart(width)}/${this.total}] ${record.student} ${score}${statusText(record)}${kept ? " (kept from an earlier run; --regrade to grade again)" : ""}, ${clock(elapsed)} elapsed${left ? `, ETA ${eta === undefined ? "?" : clock(eta)}` : ""}`;
  }
}
