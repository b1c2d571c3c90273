/**
 * `flowgrade merge <shard-out>... --out <dir>`: joins the output folders of `grade-class --shard
 * i/n` runs (one per CI matrix job) into one gradebook: every student's folder is copied to
 * `<dir>/<student>/` and `<dir>/summary.csv` is written from their grading.json records.
 *
 * Refused before anything is written: a folder that is neither a shard (shard.json) nor holds any
 * record, a student in two shards, or a set of shards that is incomplete or mixed (shard.json says
 * "i/n"; every i of one n must be there). A shard with no student (a class smaller than the CI
 * matrix) is a shard like any other.
 * Exit 0 when every student was graded or had no submission, 1 when some were not gradable, 2 for
 * usage errors.
 */
import { cpSync, existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { UsageError, type CommandSpec, type ParsedArgs } from "../cli-args";
import { EXIT } from "../core/exit-codes";
import { writeGradebook } from "../class/gradebook";
import { readRecord, type StudentRecord } from "../class/record";
import type { CommandIO } from "./common";

export const MERGE_COMMAND: CommandSpec = {
  name: "merge",
  summary: "Join the output folders of grade-class --shard i/n runs into one gradebook (summary.csv and per-student folders).",
  positionals: [{ name: "shard-out", kind: "dir", variadic: true }],
  options: [{ name: "out", kind: "out-dir", help: "the merged gradebook folder (required)" }],
  details: "Exit: 0 every student graded (or no submission); 1 some not gradable; 2 usage error (missing or duplicate shards, a student in two shards).",
  run: mergeCommand,
};

interface ShardInfo {
  index: number;
  count: number;
}

function shardInfo(dir: string): ShardInfo | undefined {
  const file = join(dir, "shard.json");
  if (!existsSync(file)) return undefined;
  const s = JSON.parse(readFileSync(file, "utf8")) as ShardInfo;
  return Number.isInteger(s.index) && Number.isInteger(s.count) ? s : undefined;
}

/** Throws UsageError unless the shard folders are exactly shards 1..n of one n (or none says it is a shard). */
function checkShardSet(dirs: readonly string[]): void {
  const infos = dirs.map((d) => [d, shardInfo(d)] as const);
  const sharded = infos.filter(([, s]) => s);
  if (!sharded.length) return;
  if (sharded.length !== dirs.length) throw new UsageError(`merge: ${infos.filter(([, s]) => !s).map(([d]) => d).join(", ")} is not a grade-class --shard output (no shard.json)`);
  const n = sharded[0][1]!.count;
  if (sharded.some(([, s]) => s!.count !== n)) throw new UsageError(`merge: the folders come from different shardings (${sharded.map(([d, s]) => `${d}: ${s!.index}/${s!.count}`).join(", ")})`);
  const seen = new Map<number, string>();
  for (const [d, s] of sharded) {
    if (seen.has(s!.index)) throw new UsageError(`merge: shard ${s!.index}/${n} appears twice: ${seen.get(s!.index)} and ${d}`);
    seen.set(s!.index, d);
  }
  const missing = Array.from({ length: n }, (_, i) => i + 1).filter((i) => !seen.has(i));
  if (missing.length) throw new UsageError(`merge: shard${missing.length > 1 ? "s" : ""} ${missing.map((i) => `${i}/${n}`).join(", ")} missing; the gradebook would lack those students`);
}

export async function mergeCommand(args: ParsedArgs, io: CommandIO): Promise<number> {
  const out = args.options.out;
  if (typeof out !== "string") throw new UsageError("merge needs --out <dir>: flowgrade merge <shard-out>... --out <dir>");
  const dirs = args.positionals;
  checkShardSet(dirs);
  const found = new Map<string, { dir: string; record: StudentRecord }>();
  for (const dir of dirs) {
    const students = readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();
    let here = 0;
    for (const student of students) {
      const record = readRecord(join(dir, student));
      if (!record) continue;
      here++;
      const other = found.get(student);
      if (other) throw new UsageError(`merge: student "${student}" is in both ${other.dir} and ${dir}`);
      found.set(student, { dir, record });
    }
    if (!here && !shardInfo(dir)) throw new UsageError(`merge: ${dir} holds no graded student (no <student>/grading.json); is it a grade-class --out folder?`);
  }
  for (const [student, { dir }] of found) cpSync(join(dir, student), join(out, student), { recursive: true });
  const summary = writeGradebook(out, [...found.values()].map((f) => f.record));
  io.stdout.write(`merged ${dirs.length} folder(s): ${summary.line}\n`);
  return summary.notGradable ? EXIT.BELOW : EXIT.OK;
}
