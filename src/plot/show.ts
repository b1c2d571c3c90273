/**
 * `show(spec)`: the one way FlowLab draws a plot.
 *
 * It emits a single display bundle with three representations:
 *   - `application/vnd.vegalite.v5+json`: live, interactive, in JupyterLab and VS Code;
 *   - `image/svg+xml`: rendered headlessly with vega, for the classic Notebook, GitHub,
 *     nbviewer and exported HTML;
 *   - `text/plain`: a one-line description for text-only viewers.
 *
 * @example
 *   await show({ mark: "point", data: { values: [{ x: 1, y: 2 }] },
 *                encoding: { x: { field: "x", type: "quantitative" }, y: { field: "y", type: "quantitative" } } });
 */
import { newDisplayId, sendBundle, type MimeBundle } from "./display";
import { renderSvg, VEGA_LITE_SCHEMA, type VegaLiteSpec } from "./render-svg";

export const VEGA_LITE_MIME = "application/vnd.vegalite.v5+json";

/**
 * The same spec, with every inline data set written as one JSON string (`values: "[…]"`,
 * `format: { type: "json" }`, which vega-lite parses back to the same records). A saved notebook
 * pretty-prints a bundle's JSON one key per line, so 2 000 points stored as objects take about five
 * times the room of the same points in one string.
 */
export function compactInlineData<T>(spec: T): T {
  if (Array.isArray(spec)) return spec.map(compactInlineData) as T;
  if (spec === null || typeof spec !== "object") return spec;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(spec)) {
    const data = value as { values?: unknown; format?: Record<string, unknown> } | null;
    const inline = key === "data" && data !== null && typeof data === "object" && Array.isArray(data.values) && (data.format?.type ?? "json") === "json";
    out[key] = inline ? { ...data, values: JSON.stringify(data.values), format: { ...data.format, type: "json" } } : compactInlineData(value);
  }
  return out as T;
}

/** Builds the three-representation bundle for `spec` (does not display it). */
export async function plotBundle(spec: VegaLiteSpec): Promise<MimeBundle> {
  const full = compactInlineData({ $schema: VEGA_LITE_SCHEMA, ...spec } as VegaLiteSpec);
  const svg = await renderSvg(full);
  const title = typeof full.title === "string" ? full.title : (full.title as { text?: unknown } | undefined)?.text;
  return {
    [VEGA_LITE_MIME]: full,
    "image/svg+xml": svg,
    "text/plain": `<vega-lite plot${title ? `: ${String(title)}` : ""}>`,
  };
}

/**
 * Displays `spec` in the notebook. It resolves to nothing on purpose: tslab prints a cell's last
 * value, and a returned bundle would print tens of kilobytes of SVG as text. Use `plotBundle`
 * to get the bundle itself. Outside a kernel nothing is displayed.
 */
export async function show(spec: VegaLiteSpec): Promise<void> {
  sendBundle(await plotBundle(spec));
}

/**
 * A display that is replaced in place on every `update`: live training progress, a loss curve
 * that grows. The first call creates it, later calls update it.
 *
 * @example
 *   const live = new LiveDisplay();
 *   live.text(`step 100, loss 1.9`);   // later: live.text(`step 200, loss 1.5`)
 */
export class LiveDisplay {
  private readonly id = newDisplayId("live");
  private shown = false;

  /** Replaces the display with a bundle. */
  bundle(bundle: MimeBundle): void {
    sendBundle(bundle, { displayId: this.id, update: this.shown });
    this.shown = true;
  }

  /** Replaces the display with plain text (and a matching HTML line). */
  text(text: string): void {
    const html = `<pre style="margin:0">${text.replace(/&/g, "&amp;").replace(/</g, "&lt;")}</pre>`;
    this.bundle({ "text/plain": text, "text/html": html });
  }

  /** Replaces the display with a plot. */
  async plot(spec: VegaLiteSpec): Promise<void> {
    this.bundle(await plotBundle(spec));
  }
}
