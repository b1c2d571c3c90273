/**
 * The runner's first import: loads the runtime's tfjs with its V8 code cache (tfjs-code-cache.ts)
 * before any other module of the runner requires it, while process.execArgv still names the
 * process's flags (seal.ts blanks them later). If that fails, the runner's own require() loads
 * tfjs the usual way.
 */
import { codeCacheFile, loadTfjsCached } from "./tfjs-code-cache";

/** How tfjs was loaded, reported in the subject's "ready" answer (diagnostics only). */
export const tfjsCodeCache: string = (() => {
  try {
    return loadTfjsCached(__dirname, codeCacheFile(process.execArgv)).cache;
  } catch {
    return "failed";
  }
})();
