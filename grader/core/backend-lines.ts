/**
 * What `flowgrade --version` says about computing: the backend this process would use (the same
 * `selectBackend` as the notebooks, so `auto`, FLOWLAB_BACKEND and the WebGPU adapter are reported
 * the same way), and the backend the sandboxed subjects run on (wasm unless FLOWLAB_BACKEND asks
 * for cpu or webgpu; see grade-submission.ts).
 *
 *   FlowLab backend: wasm (auto, no GPU; …; SIMD on, 1 thread)
 *   GPU adapter: vendor mesa, architecture software, "llvmpipe: …" (software: runs on the CPU)
 *   subjects (student code): wasm
 */
import { selectBackend } from "../../src/backend/select-backend";
import { subjectBackend } from "./grade-submission";

export async function backendLines(env: NodeJS.ProcessEnv = process.env): Promise<string[]> {
  const lines: string[] = [];
  try {
    lines.push(...(await selectBackend(env.FLOWLAB_BACKEND ?? "auto")).line.split("\n"));
  } catch (err) {
    lines.push(`FlowLab backend: unavailable (${(err as Error).message})`);
  }
  try {
    lines.push(`subjects (student code): ${subjectBackend(env)}`);
  } catch (err) {
    lines.push(`subjects (student code): cannot grade (${(err as Error).message})`);
  }
  return lines;
}
