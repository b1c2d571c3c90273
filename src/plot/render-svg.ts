/**
 * Headless rendering of a vega-lite spec to SVG: vega-lite compiles the spec to vega, and a vega
 * `View` with the "none" renderer writes SVG text. No canvas and no browser are needed.
 *
 * vega 5 / vega-lite 5 are used on purpose: tslab compiles local files to CommonJS, and vega 6 is
 * ESM-only with top-level await, which cannot be `require`d there (see README, "Troubleshooting").
 */
import * as vega from "vega";
import * as vl from "vega-lite";

/** A vega-lite v5 top-level spec. */
export type VegaLiteSpec = vl.TopLevelSpec;

export const VEGA_LITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json";

/** Compiles and renders `spec` to an SVG string. Throws with vega-lite's message on a bad spec. */
export async function renderSvg(spec: VegaLiteSpec): Promise<string> {
  const compiled = vl.compile(spec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
