#!/usr/bin/env node
/**
 * The `flowgrade` command (package.json "bin"): starts Node with tsx's loader on grader/cli.ts,
 * forwards the arguments, SIGINT/SIGTERM/SIGHUP, and the exit code (or signal).
 */
"use strict";
const { spawn } = require("node:child_process");
const path = require("node:path");
const { pathToFileURL } = require("node:url");

const root = path.resolve(__dirname, "..", "..");
const tsx = pathToFileURL(require.resolve("tsx", { paths: [root] })).href;
const cli = path.join(root, "grader", "cli.ts");
const child = spawn(process.execPath, ["--import", tsx, cli, ...process.argv.slice(2)], { stdio: "inherit" });

for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(sig, () => {
    if (child.exitCode === null && child.signalCode === null) child.kill(sig);
  });
}
child.on("error", (err) => {
  process.stderr.write(`flowgrade: cannot start node: ${err.message}\n`);
  process.exit(2);
});
child.on("exit", (code, signal) => {
  if (signal) {
    process.removeAllListeners(signal);
    process.kill(process.pid, signal);
  } else {
    process.exit(code ?? 2);
  }
});
