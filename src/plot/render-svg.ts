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
    return roundSvgGeometry(await view.toSVG());
  } finally {
    view.finalize();
  }
}

/** The attributes that hold coordinates (paths, positions, transforms); text content is never touched. */
const GEOMETRY_ATTRIBUTE = /(\s(?:d|transform|points|x|y|x1|y1|x2|y2|cx|cy|r|width|height)=")([^"]*)"/g;
/** A decimal number with more than one digit after the point (no exponent). */
const LONG_DECIMAL = /-?\d*\.\d{2,}(?![\d.eE])/g;

/**
 * Rounds every coordinate of an SVG to 1/10 px: vega writes up to 15 significant digits, far
 * below what a screen can show, and a chart with thousands of marks (a scatter of 2 000 samples, a
 * 50 × 50 heatmap) then weighs several times what it needs in a saved notebook. Only numbers
 * inside geometry attributes are rounded; labels and titles are left exactly as written.
 */
export function roundSvgGeometry(svg: string): string {
  return svg.replace(GEOMETRY_ATTRIBUTE, (_, before: string, value: string) => `${before}${value.replace(LONG_DECIMAL, (n) => String(Math.round(Number(n) * 10) / 10))}"`);
}
