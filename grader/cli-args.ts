/**
 * A small, strict argument parser for flowgrade: a command, positionals, and `--name value` or
 * `--name=value` options from a declared list (booleans take no value). Unknown options and
 * missing values throw UsageError, which the CLI turns into exit code 2.
 */
export class UsageError extends Error {
  override name = "UsageError";
}

export interface ParsedArgs {
  command?: string;
  positionals: string[];
  options: Record<string, string | boolean>;
}

export function parseArgs(argv: readonly string[], valueOptions: readonly string[], booleanOptions: readonly string[]): ParsedArgs {
  const out: ParsedArgs = { positionals: [], options: {} };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--") {
      out.positionals.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith("--")) {
      const eq = a.indexOf("=");
      const name = a.slice(2, eq >= 0 ? eq : undefined);
      if (booleanOptions.includes(name)) {
        if (eq >= 0) throw new UsageError(`option --${name} takes no value`);
        out.options[name] = true;
      } else if (valueOptions.includes(name)) {
        const value = eq >= 0 ? a.slice(eq + 1) : argv[++i];
        if (value === undefined || (eq < 0 && value.startsWith("--"))) throw new UsageError(`option --${name} needs a value`);
        out.options[name] = value;
      } else {
        throw new UsageError(`unknown option ${a}`);
      }
    } else if (a === "-h") {
      out.options.help = true;
    } else if (out.command === undefined) {
      out.command = a;
    } else {
      out.positionals.push(a);
    }
  }
  return out;
}

/** A numeric option, or undefined when absent. */
export function numberOption(options: ParsedArgs["options"], name: string, min = 0): number | undefined {
  const v = options[name];
  if (v === undefined) return undefined;
  const n = Number(v);
  if (typeof v !== "string" || v.trim() === "" || !Number.isFinite(n) || n < min) throw new UsageError(`option --${name} must be a number ≥ ${min}; got "${String(v)}"`);
  return n;
}
