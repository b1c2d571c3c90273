/**
 * `mkdir -p`, one level at a time. Node 20's `mkdirSync(p, { recursive: true })` spins forever on
 * some paths (under /proc, for one); creating each missing folder in turn fails cleanly instead.
 */
import { existsSync, mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";

export function makeDirs(path: string): void {
  const abs = resolve(path);
  if (existsSync(abs)) return;
  const parent = dirname(abs);
  if (parent !== abs) makeDirs(parent);
  mkdirSync(abs);
}
