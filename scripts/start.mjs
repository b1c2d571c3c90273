#!/usr/bin/env node
/**
 * `npm start`: opens the course in Debian's classic Jupyter Notebook, with the tslab kernel.
 *
 *   npm start                        first free port from 8888 upward
 *   npm start -- --port 9000         exactly this port
 *   npm start -- --verbose           also show Jupyter's own log here
 *   npm start -- --lang fr           the course in French (fr), Spanish (es) or English (en); else
 *                                    FLOWLAB_LANG, else the system locale, else English
 *   FLOWLAB_BACKEND=cpu npm start    the notebooks' backend choice (auto|tensorflow|webgpu|wasm|cpu)
 *
 * It listens on 127.0.0.1 only, with a fresh random token, serves the project's notebooks/
 * folder (notebooks/fr or notebooks/es for those languages), and finds the kernel spec in the project-local .jupyter/ (written by `npm run setup`)
 * with this checkout's node_modules/.bin on PATH. Jupyter's log goes to build/jupyter.log.
 * Ctrl+C stops the server (and its kernels). Plain Node, no dependencies.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createWriteStream, existsSync, mkdirSync, readFileSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import { dirname, join } from "node:path";
import { chooseLanguage, LANGUAGES } from "../src/i18n/languages.mjs";
import { JUPYTER_DATA, jupyterEnv, ROOT } from "./jupyter-env.mjs";

/** The English course is notebooks/ itself; each translation is built into notebooks/<lang>/. */
const notebookDir = (lang) => (lang === "en" ? join(ROOT, "notebooks") : join(ROOT, "notebooks", lang));
const LOG = join(ROOT, "build", "jupyter.log");
const HOST = "127.0.0.1";

function fail(message) {
  console.error(`[start] ${message}`);
  process.exit(1);
}

function parseArgs(argv) {
  const opts = { port: null, verbose: false, lang: undefined };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--verbose") opts.verbose = true;
    else if (a === "--lang" || a.startsWith("--lang=")) {
      opts.lang = a === "--lang" ? argv[++i] : a.slice("--lang=".length);
      if (!opts.lang) fail(`--lang needs a language: ${Object.keys(LANGUAGES).join(", ")}.`);
    }    else if (a === "--port" || a.startsWith("--port=")) {
      const v = a === "--port" ? argv[++i] : a.slice("--port=".length);
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1 || n > 65535) fail(`--port needs a port number (1-65535); got "${v ?? ""}".`);
      opts.port = n;
    } else if (a === "--help" || a === "-h") {
      console.log("usage: npm start [-- --port N] [--lang en|fr|es] [--verbose]   (FLOWLAB_BACKEND=auto|tensorflow|webgpu|wasm|cpu, FLOWLAB_LANG=en|fr|es)");
      process.exit(0);
    } else fail(`unknown argument "${a}". Usage: npm start [-- --port N] [--lang en|fr|es] [--verbose]`);
  }
  return opts;
}

/** Resolves true when nothing listens on HOST:port. */
function portFree(port) {
  return new Promise((res) => {
    const srv = net.createServer();
    srv.once("error", () => res(false));
    srv.listen(port, HOST, () => srv.close(() => res(true)));
  });
}

async function choosePort(requested) {
  if (requested != null) {
    if (!(await portFree(requested))) fail(`port ${requested} is in use; pick another with --port, or leave it out.`);
    return requested;
  }
  for (let p = 8888; p < 8988; p++) if (await portFree(p)) return p;
  fail("no free port between 8888 and 8987; pass one with --port N.");
}

function jupyterCommand() {
  if (existsSync("/usr/bin/jupyter-notebook")) return ["/usr/bin/jupyter-notebook", []];
  if (existsSync("/usr/bin/python3")) return ["/usr/bin/python3", ["-m", "notebook"]];
  fail("Jupyter Notebook is not installed. Run `npm run setup`.");
}

/** GET /api/status with the token; resolves true on HTTP 200. */
function serverUp(port, token) {
  return new Promise((res) => {
    const req = http.get({ host: HOST, port, path: `/api/status?token=${token}`, timeout: 1000 }, (r) => {
      r.resume();
      res(r.statusCode === 200);
    });
    req.on("error", () => res(false));
    req.on("timeout", () => req.destroy());
  });
}

const logTail = (n = 25) => (existsSync(LOG) ? readFileSync(LOG, "utf8").trimEnd().split("\n").slice(-n).join("\n") : "");

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (!existsSync(join(JUPYTER_DATA, "kernels", "tslab", "kernel.json"))) {
    fail("the tslab kernel is not registered (.jupyter/kernels/tslab is missing). Run `npm run setup`.");
  }
  const backend = process.env.FLOWLAB_BACKEND;
  if (backend && !["auto", "tensorflow", "webgpu", "wasm", "cpu"].includes(backend.trim().toLowerCase())) {
    fail(`FLOWLAB_BACKEND must be one of auto, tensorflow, webgpu, wasm, cpu; got "${backend}".`);
  }

  let language;
  try {
    language = chooseLanguage(opts.lang, process.env);
  } catch (err) {
    fail(err.message);
  }
  const NOTEBOOK_DIR = notebookDir(language.lang);
  if (!existsSync(NOTEBOOK_DIR)) fail(`the ${LANGUAGES[language.lang]} course is missing (${NOTEBOOK_DIR}); run \`npm run i18n:notebooks\`.`);

  const port = await choosePort(opts.port);
  const token = randomBytes(24).toString("hex");
  const [cmd, pre] = jupyterCommand();
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  const args = [
    ...pre,
    "--no-browser",
    `--ip=${HOST}`,
    `--port=${port}`,
    "--port-retries=0",
    `--notebook-dir=${NOTEBOOK_DIR}`,
    `--NotebookApp.token=${token}`,
    ...(isRoot ? ["--allow-root"] : []),
  ];
  const env = { ...jupyterEnv(), FLOWLAB_LANG: language.lang }; // FLOWLAB_BACKEND passes through to the kernels

  mkdirSync(dirname(LOG), { recursive: true });
  const log = createWriteStream(LOG);
  // A process group of its own: the terminal's Ctrl+C reaches only this script, which then stops
  // Jupyter with SIGTERM (on SIGINT the classic Notebook asks "Shutdown this notebook server?").
  const child = spawn(cmd, args, { cwd: NOTEBOOK_DIR, env, stdio: ["ignore", "pipe", "pipe"], detached: true });
  for (const stream of [child.stdout, child.stderr]) {
    stream.pipe(log, { end: false });
    if (opts.verbose) stream.pipe(process.stderr, { end: false });
  }

  let exited = false;
  let stopping = false;
  child.on("error", (err) => fail(`could not start ${cmd}: ${err.message}. Run \`npm run setup\`.`));
  child.on("exit", (code, signal) => {
    exited = true;
    if (stopping) {
      console.log("[start] FlowLab stopped.");
      process.exit(0);
    }
    console.error(`[start] Jupyter exited (${signal ?? `code ${code}`}). Its log (${LOG}):\n${logTail()}`);
    process.exit(code || 1);
  });

  const stop = () => {
    if (exited) return;
    if (stopping) {
      try { process.kill(-child.pid, "SIGKILL"); } catch {}
      return;
    }
    stopping = true;
    console.log("\n[start] stopping Jupyter (Ctrl+C again to force) ...");
    try { process.kill(-child.pid, "SIGTERM"); } catch {}
    setTimeout(() => { try { process.kill(-child.pid, "SIGKILL"); } catch {} }, 10000).unref();
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  process.on("SIGHUP", stop);
  process.on("exit", () => { if (!exited) try { process.kill(-child.pid, "SIGKILL"); } catch {} });

  const deadline = Date.now() + 60000;
  while (!(await serverUp(port, token))) {
    if (exited || stopping) return;
    if (Date.now() > deadline) {
      console.error(`[start] Jupyter did not answer within 60 s. Its log (${LOG}):\n${logTail()}`);
      stop();
      return;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  if (backend) console.log(`[start] notebooks will use FLOWLAB_BACKEND=${backend}`);
  console.log(`[start] course language: ${LANGUAGES[language.lang]} (${language.lang}), from ${language.why}; npm start -- --lang en|fr|es chooses another`);
  console.log(`FlowLab is running: http://${HOST}:${port}/tree?token=${token}  (Ctrl+C to stop)`);
}

main();
