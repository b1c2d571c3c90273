#!/usr/bin/env node
/**
 * The compile worker: a disposable process that compiles ONE submission's files with esbuild and
 * exits. The grader starts one per submission (sandbox/compile.ts), so whatever a file does to the
 * compiler — overflow its stack, exhaust its memory, hang it — ends with this process and its own
 * esbuild service, never with the next student's compile. Plain JavaScript, no dependency but
 * esbuild (resolved from the repository's node_modules, given on stdin).
 *
 *   stdin:  {esbuild, bundleOptions, srcRoot, exercisesRoot, tfjs, tfjsSpecifiers, texts, files: [{source, outFile, allowed, substitutes?, displayName}]}
 *   stdout: one JSON line per file, in order: {ok, out?, problem?}
 *
 * `texts` are the grader's messages in the reader's language, with their {placeholders}
 * (catalogue keys compile.*): the worker only fills them in. esbuild's own messages stay as it
 * writes them.
 *
 * The import rule (the same for every file): "@tensorflow/tfjs" becomes the runtime's tfjs file;
 * the scaffold modules a file may import (`allowed`, as written in the exercise) are bundled from
 * the course's src/ (or, for an import in `substitutes`, from the grader file it names); the
 * scaffold may import only inside src/; anything else is an error naming
 * the file, the import and what is allowed. A computed `require(x)` or `import(x)` (an esbuild
 * warning) is refused too.
 */
"use strict";

const normalize = (spec) => spec.replace(/\.(ts|js|mjs|cjs)$/, "");

/** `template` with each {name} replaced by values[name]. */
const fill = (template, values) => template.replace(/\{(\w+)\}/g, (whole, name) => (Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole));

function describe(messages, displayName) {
  return messages
    .slice(0, 3)
    .map((m) => `${m.location ? `${displayName}:${m.location.line}:${m.location.column + 1}: ` : ""}${m.text}`)
    .join("; ");
}

async function compileOne(esbuild, job, file) {
  const path = require("node:path");
  const { source, outFile, allowed, substitutes = {}, displayName } = file;
  const allowedList = [job.tfjsSpecifiers[0], ...allowed].join(", ");
  const guard = {
    name: "flowgrade-imports",
    setup(b) {
      b.onResolve({ filter: /.*/ }, (args) => {
        if (args.kind === "entry-point") return undefined;
        if (job.tfjsSpecifiers.includes(args.path)) return { path: job.tfjs, external: true };
        const fromSubmission = path.resolve(args.importer) === path.resolve(source);
        if (!fromSubmission) {
          const target = path.resolve(args.resolveDir, args.path);
          return path.relative(job.srcRoot, target).startsWith("..") ? { errors: [{ text: fill(job.texts.scaffoldImport, { module: args.path }) }] } : undefined;
        }
        const spec = normalize(args.path);
        if (!allowed.includes(spec)) return { errors: [{ text: fill(job.texts.importRefused, { file: displayName, module: args.path, allowed: allowedList }) }] };
        if (Object.prototype.hasOwnProperty.call(substitutes, spec)) return { path: substitutes[spec] };
        return { path: `${path.join(job.exercisesRoot, spec)}.ts` };
      });
    },
  };
  try {
    const result = await esbuild.build({ ...job.bundleOptions, entryPoints: [source], outfile: outFile, plugins: [guard], write: true });
    const dynamic = result.warnings.filter((w) => /will not be bundled|Indirect calls to "require"|dynamic import/i.test(w.text));
    if (dynamic.length) return { ok: false, problem: fill(job.texts.computedImport, { problems: describe(dynamic, displayName), allowed: allowedList }) };
    return { ok: true, out: outFile };
  } catch (err) {
    const errors = err && err.errors;
    return { ok: false, problem: errors && errors.length ? describe(errors, displayName) : fill(job.texts.failed, { file: displayName, why: String((err && err.message) || err).split("\n")[0] }) };
  }
}

async function main(job) {
  const esbuild = require(job.esbuild);
  for (const file of job.files) process.stdout.write(`${JSON.stringify(await compileOne(esbuild, job, file))}\n`);
  await esbuild.stop?.();
}

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (d) => (input += d));
process.stdin.on("end", () => {
  main(JSON.parse(input)).then(
    () => process.exit(0),
    (err) => {
      process.stderr.write(String((err && err.stack) || err));
      process.exit(1);
    },
  );
});
