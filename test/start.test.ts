/**
 * `npm start` really serves the course: Jupyter answers on the printed URL with its token, lists
 * the tslab kernel from the project-local kernel spec and the course notebooks, and stops on
 * Ctrl+C (SIGINT) without leaving the server behind. With `--lang es` it serves the Spanish course.
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..");

/** Runs scripts/start.mjs with `args`, hands the served URL and the output so far to `use`, then stops it with Ctrl+C. */
async function withCourse(args: string[], use: (url: URL, api: (path: string) => Promise<unknown>, out: () => string) => Promise<void>): Promise<void> {
  const child = spawn(process.execPath, [join(ROOT, "scripts", "start.mjs"), ...args], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, FLOWLAB_LANG: "" } });
  let out = "";
  child.stdout.on("data", (d) => (out += d));
  child.stderr.on("data", (d) => (out += d));
  try {
    const url = await new Promise<URL>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no URL within 60 s; output:\n${out}`)), 60_000);
      const poll = setInterval(() => {
        const m = /FlowLab is running: (http:\/\/127\.0\.0\.1:\d+\/tree\?token=\w+)/.exec(out);
        if (m) {
          clearTimeout(timer);
          clearInterval(poll);
          resolve(new URL(m[1]));
        }
      }, 100);
    });
    const token = url.searchParams.get("token");
    await use(url, (path) => fetch(`${url.origin}${path}?token=${token}`).then((r) => r.json()), () => out);
  } finally {
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    child.kill("SIGINT");
    const code = await Promise.race([exited, new Promise<string>((r) => setTimeout(() => r("still running"), 20_000))]);
    if (code === "still running") child.kill("SIGKILL");
    expect(code, out).not.toBe("still running");
  }
}

describe("npm start", () => {
  it("prints a URL where Jupyter serves the notebooks with the tslab kernel, and stops on Ctrl+C", async () => {
    await withCourse(["--lang", "en"], async (url, api) => {
      const specs = (await api("/api/kernelspecs")) as { kernelspecs: Record<string, { spec: { display_name: string } }> };
      expect(specs.kernelspecs.tslab?.spec.display_name).toBe("TypeScript (FlowLab)");
      const listing = (await api("/api/contents/")) as { content: { name: string }[] };
      const names = listing.content.map((c) => c.name);
      expect(names).toEqual(expect.arrayContaining(["00-setup.ipynb", "01-why-normalizing-flows.ipynb", "03-training-with-maximum-likelihood.ipynb", "src", "exercises"]));
      const unauthorised = await fetch(`${url.origin}/api/kernelspecs`);
      expect(unauthorised.status).toBe(403);
    });
  }, 120_000);

  it("with --lang es serves the Spanish course, and says which language it chose and why", async () => {
    await withCourse(["--lang", "es"], async (_url, api, out) => {
      expect(out()).toContain("[start] course language: español (es), from --lang");
      const listing = (await api("/api/contents/")) as { content: { name: string }[] };
      expect(listing.content.map((c) => c.name)).toEqual(expect.arrayContaining(["00-setup.ipynb", "06-autoregressive-flows.ipynb", "src", "exercises", "pretrained"]));
      const nb = (await api("/api/contents/00-setup.ipynb")) as { content: { cells: { source: string }[] } };
      expect(nb.content.cells[0].source).toMatch(/^# 00 · /);
      expect(nb.content.cells[0].source).not.toContain("Environment check");
    });
  }, 120_000);
});
