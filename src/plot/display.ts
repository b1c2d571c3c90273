/**
 * Display bundles for the tslab kernel.
 *
 * A Jupyter display bundle maps MIME types to representations; the front end shows the richest
 * one it understands. tslab's public `display.raw` sends one MIME type per message, so bundles
 * go through tslab's internal `lastWriteDisplayData` (pinned: tslab 1.0.22). Outside a kernel
 * (vitest, the CLI) nothing is sent and the bundle is only returned.
 */
import * as jupyter from "tslab/dist/jupyter";

/** MIME type → representation (string, or JSON for `application/*+json`). */
export type MimeBundle = Record<string, unknown>;

/** True inside a running tslab kernel cell. */
export function inKernel(): boolean {
  return jupyter.lastWriteDisplayData != null;
}

let nextId = 0;

/**
 * Sends `bundle` as one display_data message. With `displayId`, later calls with the same id and
 * `update: true` replace it in place (Jupyter's update_display_data).
 */
export function sendBundle(bundle: MimeBundle, options: { displayId?: string; update?: boolean } = {}): void {
  const write = jupyter.lastWriteDisplayData;
  if (write == null) return;
  const data = { data: bundle, metadata: {}, transient: options.displayId ? { display_id: options.displayId } : {} };
  write(data as Parameters<typeof write>[0], Boolean(options.update));
}

/** A fresh display id, unique within this kernel. */
export function newDisplayId(prefix = "flowlab"): string {
  nextId += 1;
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${nextId}`;
}
