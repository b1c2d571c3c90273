/**
 * Exercise (g)'s masks, inside the subject: call the student's madeMasks(dim, hidden, outputsPerDim)
 * for each request and answer the matrices as returned. Nothing is judged here: the grader reads
 * them with its strict parser and checks the autoregressive property itself
 * (src/checks/made-masks-property.ts).
 */
import { loadStudentModule } from "./load-module";
import { answer, describeError, notImplemented } from "./answer";
import type { MasksRequest } from "./protocol";

export function answerMasks(module: string, requests: readonly MasksRequest[]): void {
  let fn: unknown;
  let problem: string | undefined;
  let todo: string | undefined;
  try {
    fn = loadStudentModule(module).madeMasks;
    if (typeof fn !== "function") problem = "the module does not export a function named madeMasks";
  } catch (err) {
    problem = `the module failed to load: ${describeError(err)}`;
    todo = notImplemented(err);
  }
  for (const r of requests) {
    if (problem) {
      answer({ section: "masks", id: r.id, ok: false, error: problem, notImplemented: todo });
      continue;
    }
    try {
      const masks = (fn as (d: number, h: number[], p: number) => unknown)(r.dim, [...r.hidden], r.outputsPerDim);
      answer({ section: "masks", id: r.id, ok: true, masks });
    } catch (err) {
      answer({ section: "masks", id: r.id, ok: false, error: `madeMasks(${r.dim}, [${r.hidden}], ${r.outputsPerDim}) threw ${describeError(err)}`, notImplemented: notImplemented(err) });
    }
  }
}
