/**
 * Where FlowLab's Jupyter lives, stated once for `npm run setup`, `npm start` and the notebook
 * runner. Plain Node, no dependencies: setup imports it before node_modules exists.
 *
 *   JUPYTER_DATA   the project-local Jupyter data folder; setup writes kernels/tslab/kernel.json there
 *   PYTHON         Debian's Python, the one with nbclient (a pyenv `python3` on PATH has none)
 *   jupyterEnv()   an environment in which Jupyter finds that kernel spec, and the spec's
 *                  `tslab` command finds this checkout's node_modules/.bin
 */
import { delimiter, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const JUPYTER_DATA = join(ROOT, ".jupyter");
export const PYTHON = "/usr/bin/python3";

/** `base` (default: this process's environment) plus JUPYTER_PATH and PATH for the tslab kernel. */
export function jupyterEnv(base = process.env) {
  return { ...base, JUPYTER_PATH: JUPYTER_DATA, PATH: [join(ROOT, "node_modules", ".bin"), base.PATH].filter(Boolean).join(delimiter) };
}
