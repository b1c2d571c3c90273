/**
 * Drives the classic Notebook 6 page as a student does, in headless Chromium (puppeteer-core,
 * which brings no browser of its own): open a notebook, wait for the kernel, select a code cell
 * and press Shift+Enter, then read back what the page shows for that cell, as rendered.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import puppeteer, { type Browser, type ElementHandle, type Page } from "puppeteer-core";

/** The browser named by $CHROMIUM when set (a missing one means none), else Debian's Chromium (what `npm run setup` installs). */
export function findChromium(): string | undefined {
  const candidates = process.env.CHROMIUM ? [process.env.CHROMIUM] : ["/usr/bin/chromium", "/usr/bin/chromium-browser"];
  return candidates.find((p) => existsSync(p));
}

/** Headless Chromium with a fresh profile and nothing that reaches the network on its own. */
export async function launchChromium(executablePath: string, width: number, height: number): Promise<{ browser: Browser; close: () => Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), "flowlab-chromium-"));
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  const browser = await puppeteer.launch({
    executablePath,
    headless: true,
    userDataDir: profile,
    defaultViewport: { width, height },
    args: [
      ...(isRoot ? ["--no-sandbox"] : []),
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  return {
    browser,
    close: async () => {
      await browser.close().catch(() => undefined);
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** `node <course>/scripts/start.mjs` (what `npm start` runs), up to its "FlowLab is running: URL" line. */
export async function startCourse(courseDir: string, timeoutMs = 60_000): Promise<{ url: URL; output: () => string; stop: () => Promise<void> }> {
  const child: ChildProcess = spawn(process.execPath, [join(courseDir, "scripts", "start.mjs")], { cwd: courseDir, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.kill("SIGINT"); // Ctrl+C: start.mjs stops Jupyter and its kernels
    const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
    await exited;
    clearTimeout(timer);
  };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const m = /FlowLab is running: (http:\/\/127\.0\.0\.1:\d+\/tree\?token=\w+)/.exec(out);
    if (m) return { url: new URL(m[1]), output: () => out, stop };
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`npm start printed no URL${child.exitCode !== null ? ` (exit ${child.exitCode})` : " within the limit"}:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

// The page's own Notebook 6 object (window.Jupyter), as far as these helpers use it.
interface NotebookCell {
  element: ArrayLike<HTMLElement>;
  cell_type: string;
  code_mirror?: { getScrollInfo(): { width: number; clientWidth: number } };
}
interface JupyterGlobal {
  notebook?: {
    kernel?: { is_connected(): boolean; _kernel_busy?: boolean };
    get_cell(i: number): NotebookCell;
    select(i: number): void;
    command_mode(): void;
  };
}

/** Opens `notebooks/<name>` in Notebook 6 and waits until its kernel is connected and idle. */
export async function openNotebook(page: Page, url: URL, name: string, timeoutMs = 60_000): Promise<void> {
  await page.goto(`${url.origin}/notebooks/${name}?token=${url.searchParams.get("token")}`, { waitUntil: "load" });
  await page.waitForFunction(
    () => {
      const nb = (window as unknown as { Jupyter?: JupyterGlobal }).Jupyter?.notebook;
      return !!nb?.kernel?.is_connected() && !!document.querySelector("#kernel_indicator_icon.kernel_idle_icon");
    },
    { timeout: timeoutMs, polling: 100 },
  );
}

/** What the page shows for one cell. */
export interface CellView {
  index: number;
  /** The cell's prompt, e.g. "In [3]:" ("In [ ]:" after a failed tslab cell). */
  prompt: string;
  stdout: string;
  /** stderr stream outputs and error outputs (tslab prints thrown errors on stderr). */
  errors: string;
  /** Width and height of every rendered <svg> in the outputs, in CSS pixels. */
  svgs: { width: number; height: number }[];
  /** Text output lines that the page wraps onto more than one row, or that overflow sideways. */
  brokenOutputLines: string[];
  /** True when the cell's code is wider than its editor (a horizontal scroll bar). */
  codeOverflows: boolean;
}

/** Selects code cell `index`, presses Shift+Enter, and waits until it has run. */
export async function runCell(page: Page, index: number, timeoutMs = 120_000): Promise<CellView> {
  await page.evaluate((i) => {
    const nb = (window as unknown as { Jupyter: Required<JupyterGlobal> }).Jupyter.notebook;
    nb.select(i);
    nb.command_mode();
  }, index);
  await page.keyboard.down("Shift");
  await page.keyboard.press("Enter");
  await page.keyboard.up("Shift");
  await page.waitForFunction(
    (i) => {
      const nb = (window as unknown as { Jupyter: Required<JupyterGlobal> }).Jupyter.notebook;
      const prompt = nb.get_cell(i).element[0].querySelector(".input_prompt")?.textContent ?? "";
      return !prompt.includes("*") && !!document.querySelector("#kernel_indicator_icon.kernel_idle_icon");
    },
    { timeout: timeoutMs, polling: 100 },
    index,
  );
  // tslab aborts a cell sent within 200 ms of a failed one (FACTS.md); a student is never that quick.
  await new Promise((r) => setTimeout(r, 300));
  return viewCell(page, index);
}

/** Reads back cell `index` as the page renders it. */
export async function viewCell(page: Page, index: number): Promise<CellView> {
  return page.evaluate((i) => {
    const cell = (window as unknown as { Jupyter: Required<JupyterGlobal> }).Jupyter.notebook.get_cell(i);
    const el = cell.element[0];
    const text = (sel: string) => [...el.querySelectorAll(sel)].map((e) => e.textContent ?? "").join("");
    const brokenOutputLines: string[] = [];
    for (const pre of el.querySelectorAll<HTMLElement>(".output_text pre")) {
      const lines = (pre.textContent ?? "").replace(/\n$/, "").split("\n");
      const lineHeight = parseFloat(getComputedStyle(pre).lineHeight);
      const rows = Math.round(pre.getBoundingClientRect().height / lineHeight);
      if (rows > lines.length || pre.scrollWidth > pre.clientWidth + 1) {
        // Find the culprits: a line wraps when its own rendered width exceeds the box.
        const probe = document.createElement("span");
        probe.style.whiteSpace = "pre";
        pre.appendChild(probe);
        for (const line of lines) {
          probe.textContent = line;
          if (probe.getBoundingClientRect().width > pre.clientWidth) brokenOutputLines.push(line);
        }
        probe.remove();
        if (!brokenOutputLines.length) brokenOutputLines.push(`(${rows} rows for ${lines.length} lines)`);
      }
    }
    const info = cell.code_mirror?.getScrollInfo();
    return {
      index: i,
      prompt: el.querySelector(".input_prompt")?.textContent?.trim() ?? "",
      stdout: text(".output_stdout"),
      errors: text(".output_stderr") + text(".output_error"),
      svgs: [...el.querySelectorAll(".output_area svg")]
        .filter((s) => !s.parentElement?.closest("svg"))
        .map((s) => {
          const r = s.getBoundingClientRect();
          return { width: Math.round(r.width), height: Math.round(r.height) };
        }),
      brokenOutputLines,
      codeOverflows: !!info && info.width > info.clientWidth + 1,
    };
  }, index);
}

/** The <summary> of each hint in markdown cell `index`: its text, marker, cursor, and whether a click opens it. */
export async function clickHints(page: Page, index: number): Promise<{ summary: string; display: string; cursor: string; opensOnClick: boolean }[]> {
  const summaries = await page.evaluateHandle(
    (i) => [...(window as unknown as { Jupyter: Required<JupyterGlobal> }).Jupyter.notebook.get_cell(i).element[0].querySelectorAll("details > summary")],
    index,
  );
  const count = await summaries.evaluate((s) => s.length);
  const out = [];
  for (let k = 0; k < count; k++) {
    const summary = await summaries.evaluateHandle((s, j) => s[j], k);
    const style = await summary.evaluate((s) => ({ summary: s.textContent ?? "", display: getComputedStyle(s).display, cursor: getComputedStyle(s).cursor }));
    await (summary as ElementHandle<Element>).click();
    const opensOnClick = await summary.evaluate((s) => (s.parentElement as HTMLDetailsElement).open);
    out.push({ ...style, opensOnClick });
  }
  await summaries.dispose();
  return out;
}

/** A screenshot of cell `index` into `dir/<notebook>-cell<index><suffix>.png`; returns the path. */
export async function screenshotCell(page: Page, index: number, dir: string, notebook: string, suffix = ""): Promise<string> {
  const handle = await page.evaluateHandle((i) => (window as unknown as { Jupyter: Required<JupyterGlobal> }).Jupyter.notebook.get_cell(i).element[0], index);
  const path = join(dir, `${notebook.replace(/\.ipynb$/, "")}-cell${String(index).padStart(2, "0")}${suffix}.png`) as `${string}.png`;
  await handle.asElement()!.screenshot({ path });
  await handle.dispose();
  return path;
}
