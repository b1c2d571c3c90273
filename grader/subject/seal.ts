/**
 * Takes away, before any student code loads, what would let it reach past the `require` that
 * load-module.ts hands it (issue 17, item 4):
 *   - process.getBuiltinModule, process.binding, process._linkedBinding, process.dlopen: Node's
 *     built-in modules and native bindings (node:fs, node:child_process, …) without require;
 *   - process.mainModule: the runner's own module, whose `require` loads anything and whose
 *     `constructor._load` is Node's module loader (module.constructor._load);
 *   - process.argv[1] and process.execArgv: the path of runner.cjs and the sandbox's flags (the
 *     runtime folder), so re-evaluating the runner takes more than reading a string.
 * The student's module itself is compiled by vm.Script without a dynamic-import callback, so an
 * `import()` in it fails (ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING). None of this is the boundary:
 * the permission model (read access to the runtime and the submission only) and a runtime that
 * holds nothing worth taking (no reference layer or formula: the release's copy scan checks
 * runner.cjs too) are; this removes the easy ways in.
 */

/** The process properties removed; each is gone (undefined) after sealProcess(). */
export const SEALED_PROCESS_KEYS = ["getBuiltinModule", "binding", "_linkedBinding", "dlopen", "mainModule"] as const;

/** Removes SEALED_PROCESS_KEYS from `process` and blanks the runner's path and flags. Idempotent. */
export function sealProcess(proc: NodeJS.Process = process): void {
  const target = proc as unknown as Record<string, unknown>;
  for (const key of SEALED_PROCESS_KEYS) {
    try {
      Object.defineProperty(target, key, { value: undefined, writable: false, configurable: false, enumerable: false });
    } catch {
      // already sealed (non-configurable): nothing to do
    }
  }
  proc.argv.splice(1);
  proc.execArgv.splice(0);
}
