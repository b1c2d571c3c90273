/**
 * Exercise (g)'s masks, inside the subject: call the student's madeMasks(dim, hidden, outputsPerDim)
 * for each request and answer the matrices as returned. Nothing is judged here: the grader reads
 * them with its strict parser and checks the autoregressive property itself
 * (src/checks/made-masks-property.ts).
 */
import { loadStudentModule, moduleFile } from "./load-module";
import { answer, describeError, notImplemented, problem, problemOf } from "./answer";
import type { MasksRequest, SubjectProblem } from "./protocol";

export function answerMasks(module: string, requests: readonly MasksRequest[]): void {
  let fn: unknown;
  let failure: SubjectProblem | undefined;
  let todo: string | undefined;
  try {
    fn = loadStudentModule(module).madeMasks;
    if (typeof fn !== "function") failure = problem("no-function", { file: moduleFile(module), name: "madeMasks" });
  } catch (err) {
    failure = problemOf(err, (error) => problem("load-failed", { error }));
    todo = notImplemented(err);
  }
  for (const r of requests) {
    if (failure) {
      answer({ section: "masks", id: r.id, ok: false, error: failure, notImplemented: todo });
      continue;
    }
    try {
      const masks = (fn as (d: number, h: number[], p: number) => unknown)(r.dim, [...r.hidden], r.outputsPerDim);
      answer({ section: "masks", id: r.id, ok: true, masks });
    } catch (err) {
      answer({ section: "masks", id: r.id, ok: false, error: problem("threw", { call: `madeMasks(${r.dim}, [${r.hidden}], ${r.outputsPerDim})`, error: describeError(err) }), notImplemented: notImplemented(err) });
    }
  }
}
