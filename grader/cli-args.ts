/**
 * flowgrade's arguments, table-driven: each command declares its positionals and options as data
 * (name, kind, minimum, help), `node:util` `parseArgs` splits the command line, and one validator
 * per kind checks every value before any work starts. A bad option, number or path is one
 * UsageError line; the help text of each command is generated from the same table, so the two
 * cannot drift. Renaming an option (as the rubric's limits may be renamed) is a one-line change.
 */
import { accessSync, closeSync, constants, existsSync, openSync, rmSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { parseArgs as nodeParseArgs } from "node:util";
import { makeDirs } from "./outputs/make-dirs";

/** A usage mistake: wrong option, value or path. The CLI prints it on one line and exits 2. */
export class UsageError extends Error {
  override name = "UsageError";
}

/**
 * What an option's value must be. flag: no value; int: a whole number ≥ min; number: ≥ min;
 * string: anything; file: an existing readable file; dir: an existing folder; out-file: a file
 * that can be written (its folder is created); out-dir: a folder that can be created and written;
 * shard: "i/n" with 1 ≤ i ≤ n.
 */
export type ValueKind = "flag" | "int" | "number" | "string" | "file" | "dir" | "out-file" | "out-dir" | "shard" | "list";

export interface OptionSpec {
  name: string;
  kind: ValueKind;
  short?: string;
  min?: number;
  /** kind "list": the values allowed in the comma-separated list. */
  choices?: readonly string[];
  /** kind "list": maps a given name to the value it stands for (an alias, or undefined when unknown); replaces `choices`. */
  resolve?: (name: string) => string | undefined;
  /** kind "list": how errors describe the allowed values (default: `choices`). */
  describeChoices?: string;
  /** The placeholder in help, e.g. "<ms>". */
  placeholder?: string;
  help: string;
}

export interface PositionalSpec {
  name: string;
  kind: "dir" | "string";
  optional?: boolean;
  /** Takes all remaining positionals (at least one unless optional). */
  variadic?: boolean;
  /** Used when an optional positional is absent. */
  default?: string;
}

/** A shard "i/n": this run grades the students whose index modulo n is i − 1. */
export interface Shard {
  index: number;
  count: number;
}

export type OptionValue = string | number | boolean | Shard | undefined;

export interface ParsedArgs {
  command: string;
  positionals: string[];
  options: Record<string, OptionValue>;
}

export interface CommandSpec {
  name: string;
  summary: string;
  positionals: PositionalSpec[];
  options: OptionSpec[];
  /** Extra help paragraphs (exit codes, examples). */
  details?: string;
  run(args: ParsedArgs, io: import("./commands/common").CommandIO): Promise<number>;
}

/** Parses and validates `argv` (after the command name) against `spec`; throws UsageError. */
export function parseCommand(spec: CommandSpec, argv: readonly string[]): ParsedArgs {
  const options = Object.fromEntries(
    [...spec.options, HELP].map((o) => [o.name, { type: o.kind === "flag" ? ("boolean" as const) : ("string" as const), ...(o.short ? { short: o.short } : {}) }]),
  );
  let parsed: { values: Record<string, string | boolean | undefined>; positionals: string[] };
  try {
    parsed = nodeParseArgs({ args: [...argv], options, strict: true, allowPositionals: true }) as typeof parsed;
  } catch (err) {
    throw new UsageError(describeParseError(err as NodeJS.ErrnoException, spec));
  }
  if (parsed.values.help) return { command: spec.name, positionals: parsed.positionals, options: { help: true } };
  const values: Record<string, OptionValue> = {};
  for (const o of spec.options) {
    const raw = parsed.values[o.name];
    if (raw !== undefined) values[o.name] = validateValue(o, raw, spec.name);
  }
  return { command: spec.name, positionals: validatePositionals(spec, parsed.positionals), options: values };
}

const HELP: OptionSpec = { name: "help", kind: "flag", short: "h", help: "show this help" };

/** Node's parseArgs errors, reworded as one line that names the command. */
function describeParseError(err: NodeJS.ErrnoException, spec: CommandSpec): string {
  // Node quotes the option as '--name', '-q, --quiet' or '--name <value>': keep the long name.
  const quoted = /'(-[^']*)'/.exec(err.message)?.[1] ?? "";
  const option = /--[\w-]+/.exec(quoted)?.[0] ?? quoted.split(/[ ,]/)[0];
  switch (err.code) {
    case "ERR_PARSE_ARGS_UNKNOWN_OPTION":
      return `unknown option ${option} for "${spec.name}" (known: ${spec.options.map((o) => `--${o.name}`).join(", ") || "none"})`;
    case "ERR_PARSE_ARGS_INVALID_OPTION_VALUE":
      return /takes no argument|does not take an argument/.test(err.message) ? `option ${option} takes no value` : `option ${option} needs a value`;
    case "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL":
      return `"${spec.name}" takes no positional arguments`;
    default:
      return err.message;
  }
}

/** One option value, checked against its kind; throws UsageError naming the option and the rule. */
export function validateValue(o: OptionSpec, raw: string | boolean, command = ""): OptionValue {
  const name = `--${o.name}`;
  if (o.kind === "flag") return raw === true;
  const v = String(raw);
  switch (o.kind) {
    case "int": {
      const min = o.min ?? 0;
      if (!/^[+]?\d+$/.test(v.trim()) || Number(v) < min) throw new UsageError(`option ${name} must be a whole number ≥ ${min}; got "${v}"`);
      return Number(v);
    }
    case "number": {
      const n = Number(v);
      const min = o.min ?? 0;
      if (v.trim() === "" || !Number.isFinite(n) || n < min) throw new UsageError(`option ${name} must be a number ≥ ${min}; got "${v}"`);
      return n;
    }
    case "shard":
      return parseShard(v, name);
    case "list": {
      const items = v.split(",").map((s) => s.trim()).filter((s) => s !== "");
      const resolved = items.map((s) => (o.resolve ? o.resolve(s) : !o.choices || o.choices.includes(s) ? s : undefined));
      if (!items.length || resolved.some((s) => s === undefined)) throw new UsageError(`option ${name} must be a comma-separated list of ${o.describeChoices ?? o.choices?.join(", ") ?? "values"}; got "${v}"`);
      return [...new Set(resolved)].join(",");
    }
    case "file":
      return checkReadableFile(v, `option ${name}`);
    case "dir":
      return checkDir(v, `option ${name}`);
    case "out-file":
      return checkWritableFile(v, `option ${name}`);
    case "out-dir":
      return checkWritableDir(v, `option ${name}`);
    default:
      if (v === "") throw new UsageError(`option ${name}${command ? ` of "${command}"` : ""} needs a non-empty value`);
      return v;
  }
}

function validatePositionals(spec: CommandSpec, given: string[]): string[] {
  const out: string[] = [];
  let i = 0;
  for (const p of spec.positionals) {
    const take = p.variadic ? given.slice(i) : given[i] !== undefined ? [given[i]] : [];
    i += take.length;
    if (!take.length) {
      if (!p.optional) throw new UsageError(`"${spec.name}" needs <${p.name}>: flowgrade ${usageLine(spec)}`);
      if (p.default !== undefined) take.push(p.default);
    }
    for (const v of take) out.push(p.kind === "dir" ? checkDir(v, `<${p.name}>`) : v);
  }
  if (i < given.length) throw new UsageError(`"${spec.name}" takes ${spec.positionals.length ? `only ${spec.positionals.map((p) => `<${p.name}>`).join(" ")}` : "no positional arguments"}; unexpected "${given[i]}"`);
  return out;
}

/** "i/n" → Shard; throws UsageError unless 1 ≤ i ≤ n. */
export function parseShard(v: string, name = "--shard"): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(v.trim());
  const shard = m ? { index: Number(m[1]), count: Number(m[2]) } : undefined;
  if (!shard || shard.count < 1 || shard.index < 1 || shard.index > shard.count) throw new UsageError(`option ${name} must be "i/n" with 1 ≤ i ≤ n (e.g. 2/4); got "${v}"`);
  return shard;
}

/** The absolute path of an existing folder; throws UsageError. */
export function checkDir(path: string, what: string): string {
  const abs = resolve(path);
  if (!existsSync(abs)) throw new UsageError(`${what}: the folder "${path}" does not exist`);
  if (!statSync(abs).isDirectory()) throw new UsageError(`${what}: "${path}" is not a folder`);
  return abs;
}

/** The absolute path of an existing, readable file; throws UsageError. */
export function checkReadableFile(path: string, what: string): string {
  const abs = resolve(path);
  if (!existsSync(abs)) throw new UsageError(`${what}: the file "${path}" does not exist`);
  if (!statSync(abs).isFile()) throw new UsageError(`${what}: "${path}" is not a file`);
  try {
    accessSync(abs, constants.R_OK);
  } catch {
    throw new UsageError(`${what}: the file "${path}" cannot be read (permissions)`);
  }
  return abs;
}

/**
 * The absolute path of a file that can be written: its folder is created if needed, and the file
 * itself is opened for appending (and removed again when it did not exist), so that a path the
 * permission bits would allow but the file system refuses (/proc, a read-only mount) is found
 * before any work, not after the grading; throws UsageError.
 */
export function checkWritableFile(path: string, what: string): string {
  const abs = resolve(path);
  if (existsSync(abs) && statSync(abs).isDirectory()) throw new UsageError(`${what}: "${path}" is a folder, not a file`);
  checkWritableDir(dirname(abs), what);
  const existed = existsSync(abs);
  try {
    closeSync(openSync(abs, "a"));
    if (!existed) rmSync(abs, { force: true });
  } catch (err) {
    throw new UsageError(`${what}: the file "${path}" cannot be written (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  return abs;
}

/** The absolute path of a folder that exists or can be created, and in which a file can be written (tried, then removed); throws UsageError. */
export function checkWritableDir(path: string, what: string): string {
  const abs = resolve(path);
  if (existsSync(abs) && !statSync(abs).isDirectory()) throw new UsageError(`${what}: "${path}" exists and is not a folder`);
  try {
    makeDirs(abs);
    accessSync(abs, constants.W_OK);
    const probe = join(abs, `.flowgrade-write-probe-${process.pid}`);
    closeSync(openSync(probe, "w"));
    rmSync(probe, { force: true });
  } catch (err) {
    throw new UsageError(`${what}: the folder "${path}" cannot be created or written (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  return abs;
}

/** "grade <submission-dir> [options]" */
export function usageLine(spec: CommandSpec): string {
  const pos = spec.positionals.map((p) => {
    const core = `<${p.name}>${p.variadic ? "..." : ""}`;
    return p.optional ? `[${core}${p.default ? `=${p.default}` : ""}]` : core;
  });
  return [spec.name, ...pos, spec.options.length ? "[options]" : ""].filter(Boolean).join(" ");
}

/** The help of one command, generated from its table. */
export function commandHelp(spec: CommandSpec): string {
  const lines = [`flowgrade ${usageLine(spec)}`, "", `  ${spec.summary}`, ""];
  if (spec.options.length) {
    lines.push("Options:");
    const labels = spec.options.map((o) => `${o.short ? `-${o.short}, ` : ""}--${o.name}${o.kind === "flag" ? "" : ` ${o.placeholder ?? placeholderOf(o)}`}`);
    const width = Math.max(...labels.map((l) => l.length));
    spec.options.forEach((o, i) => lines.push(`  ${labels[i].padEnd(width)}  ${o.help}${o.min !== undefined && o.kind !== "flag" ? ` (≥ ${o.min})` : ""}`));
    lines.push("");
  }
  if (spec.details) lines.push(spec.details.trimEnd(), "");
  return lines.join("\n");
}

function placeholderOf(o: OptionSpec): string {
  switch (o.kind) {
    case "int":
    case "number":
      return "<n>";
    case "shard":
      return "<i/n>";
    case "file":
    case "out-file":
      return "<file>";
    case "dir":
    case "out-dir":
      return "<dir>";
    default:
      return "<value>";
  }
}
