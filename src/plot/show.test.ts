/**
 * plotBundle / show outside a kernel: the bundle's three representations, marks really drawn in
 * the SVG, and a clear error for an invalid spec.
 */
import { describe, expect, it } from "vitest";
import { inKernel } from "./display";
import type { VegaLiteSpec } from "./render-svg";
import { plotBundle, show, VEGA_LITE_MIME } from "./show";

const points = [
  { x: 0, y: 0 },
  { x: 1, y: 2 },
  { x: 2, y: 1 },
  { x: 3, y: 4 },
  { x: 4, y: 3 },
];

const scatter: VegaLiteSpec = {
  title: "five points",
  data: { values: points },
  mark: "point",
  encoding: {
    x: { field: "x", type: "quantitative" },
    y: { field: "y", type: "quantitative" },
  },
};

/** vega's SVG renderer writes one `<path ... aria-roledescription="point">` per point mark. */
const countMarks = (svg: string, role: string) => svg.split(`aria-roledescription="${role}"`).length - 1;

describe("plotBundle", () => {
  it("returns vega-lite JSON, SVG and text", async () => {
    const bundle = await plotBundle(scatter);
    expect(Object.keys(bundle).sort()).toEqual([VEGA_LITE_MIME, "image/svg+xml", "text/plain"].sort());
    expect(VEGA_LITE_MIME).toBe("application/vnd.vegalite.v5+json");

    const spec = bundle[VEGA_LITE_MIME] as { $schema: string; mark: unknown };
    expect(spec.$schema).toContain("vega-lite/v5");
    expect(spec.mark).toBe("point");

    const svg = bundle["image/svg+xml"] as string;
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg.trimEnd().endsWith("</svg>")).toBe(true);
    expect(bundle["text/plain"]).toBe("<vega-lite plot: five points>");
  });

  it("draws one SVG symbol per data point", async () => {
    const svg = (await plotBundle(scatter))["image/svg+xml"] as string;
    expect(countMarks(svg, "point")).toBe(points.length);
    // Each mark is a <path> carrying its data in its aria-label.
    expect(svg).toContain('aria-label="x: 3; y: 4"');

    const circles = (await plotBundle({ ...scatter, mark: "circle" } as VegaLiteSpec))["image/svg+xml"] as string;
    expect(countMarks(circles, "circle")).toBe(points.length);
  });

  it("rejects an invalid spec with vega-lite's explanation", async () => {
    const noMark = { data: { values: points } } as unknown as VegaLiteSpec;
    await expect(plotBundle(noMark)).rejects.toThrow(/Invalid specification.*"mark"/s);
  });
});

describe("show outside a kernel", () => {
  it("renders, does not throw, and resolves to nothing (so tslab prints no SVG text)", async () => {
    expect(inKernel()).toBe(false);
    await expect(show(scatter)).resolves.toBeUndefined();
  });
});
