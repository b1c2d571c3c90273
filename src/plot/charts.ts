/**
 * Chart builders for the course notebooks: each returns a vega-lite spec for `show(spec)`.
 *
 * One look everywhere: the same palette (`PALETTE`: data blue, model orange, latent green, base
 * purple), titles with a subtitle line, axis titles, square panels of ~320 px for 2-D data, and
 * `hconcat`/`concat` for side-by-side comparisons. Data values are rounded to 4 significant
 * digits, so that the saved notebooks stay small.
 *
 *   scatterChart(points, options)                  one point cloud
 *   sideBySideScatter(panels, options)             point clouds next to each other (hconcat)
 *   overlayScatter(series, options)                point clouds on one set of axes, with a legend
 *   gridCenters / densityHeatmap(grid, options)    a function of (x, y) on a regular grid
 *   lossCurveChart(loss, options)                  a training curve, raw and smoothed
 *   lineChart(series, options)                     any curves y(x), with a legend
 *   histogramWithCurve(samples, curve, options)    a density histogram with a density curve on top
 *   gridLines / mapPolylines / warpedGridChart     a grid of lines and its image under a map
 *   smallMultiples(specs, options)                 panels in rows of `columns` (concat)
 *
 * @example
 *   const lines = gridLines({ x: [-2, 2], y: [-2, 2] }, 9);
 *   const warped = mapPolylines(lines, ([x, y]) => [x + 0.5 * Math.tanh(y), y]);
 *   await show(sideBySideSpecs([warpedGridChart(lines, { title: "before" }), warpedGridChart(warped, { title: "after" })]));
 */
import type { Point } from "../datasets/dataset";
import type { VegaLiteSpec } from "./render-svg";

/** The course palette (Tableau 10): one meaning per color, in every notebook. */
export const PALETTE = {
  /** Training or test data. */
  data: "#4c78a8",
  /** Samples from (or curves of) the model. */
  model: "#f58518",
  /** Data pushed into latent space. */
  latent: "#54a24b",
  /** The base distribution N(0, I). */
  base: "#b279a2",
  /** Reference values: the true density, a floor, an expected value. */
  reference: "#e45756",
  /** Horizontal grid lines (constant y before the warp). */
  gridHorizontal: "#4c78a8",
  /** Vertical grid lines (constant x before the warp). */
  gridVertical: "#f58518",
  /** Secondary marks: raw (unsmoothed) curves, outlines. */
  muted: "#9d9d9d",
} as const;

/** An axis-aligned rectangle of the plane. */
export interface Range2D {
  x: readonly [number, number];
  y: readonly [number, number];
}

/** Options shared by every 2-D chart. */
export interface ChartOptions {
  title?: string;
  /** A second, smaller title line. */
  subtitle?: string;
  /** Plot area size in pixels. Defaults: 320 × 320 for 2-D point charts, 420 × 260 for curves. */
  width?: number;
  height?: number;
  xTitle?: string;
  yTitle?: string;
  /** Fixed axis ranges; by default they fit the data. */
  domain?: Range2D;
}

/** The look shared by all charts (fonts, grid, title placement). Only top-level specs may carry it. */
export const CHART_CONFIG = {
  font: "Helvetica Neue, Helvetica, Arial, sans-serif",
  view: { stroke: "#d0d0d0" },
  axis: { gridColor: "#ececec", domainColor: "#888", tickColor: "#888", labelFontSize: 11, titleFontSize: 12, titleFontWeight: "normal" },
  title: { fontSize: 14, anchor: "start", subtitleFontSize: 11, subtitleColor: "#666", offset: 8 },
  legend: { labelFontSize: 11, titleFontSize: 11, orient: "right" },
  concat: { spacing: 24 },
} as const;

type AnySpec = Record<string, unknown>;

/** 4 significant digits: enough for any plot, and the saved JSON stays small. */
export function round4(v: number): number {
  return Number.isFinite(v) ? Number(v.toPrecision(4)) : v;
}

function titleOf(o: { title?: string; subtitle?: string }): unknown {
  if (o.title === undefined && o.subtitle === undefined) return undefined;
  return o.subtitle === undefined ? o.title : { text: o.title ?? "", subtitle: o.subtitle };
}

function axisScale(domain: readonly [number, number] | undefined): AnySpec {
  return domain ? { domain: [domain[0], domain[1]], nice: false, zero: false } : { zero: false, nice: true };
}

/** Drops undefined entries, so that specs print cleanly. */
function clean<T extends AnySpec>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** Adds the schema-free shared config to a top-level spec. */
function top(spec: AnySpec): VegaLiteSpec {
  return clean({ ...spec, config: CHART_CONFIG }) as unknown as VegaLiteSpec;
}

/** A spec without its top-level-only keys, to nest inside concat/hconcat/layer. */
function nested(spec: VegaLiteSpec): AnySpec {
  const { config: _config, $schema: _schema, ...rest } = spec as unknown as AnySpec;
  return rest;
}

/** The bounding box of some points, padded by `pad` × its size on each side. */
export function boundsOf(points: readonly Point[], pad = 0.05): Range2D {
  let [x0, x1, y0, y1] = [Infinity, -Infinity, Infinity, -Infinity];
  for (const [x, y] of points) {
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    x0 = Math.min(x0, x);
    x1 = Math.max(x1, x);
    y0 = Math.min(y0, y);
    y1 = Math.max(y1, y);
  }
  if (x0 > x1) return { x: [-1, 1], y: [-1, 1] };
  const dx = (x1 - x0 || 1) * pad;
  const dy = (y1 - y0 || 1) * pad;
  return { x: [x0 - dx, x1 + dx], y: [y0 - dy, y1 + dy] };
}

/** A square range centred on the points' box, so that circles look like circles in a square plot. */
export function squareBounds(points: readonly Point[], pad = 0.05): Range2D {
  const b = boundsOf(points, pad);
  const cx = (b.x[0] + b.x[1]) / 2;
  const cy = (b.y[0] + b.y[1]) / 2;
  const half = Math.max(b.x[1] - b.x[0], b.y[1] - b.y[0]) / 2;
  return { x: [cx - half, cx + half], y: [cy - half, cy + half] };
}

// ---------------------------------------------------------------------------------------------
// Point clouds

export interface ScatterOptions extends ChartOptions {
  color?: string;
  /** Symbol area in px². Default 10. */
  size?: number;
  /** Default 0.6. */
  opacity?: number;
  /** Plot at most this many points (the first ones). Default 1500. */
  maxPoints?: number;
}

/** Colors for labelled series: each series' own color, else the palette in order. */
const SERIES_FALLBACK = [PALETTE.data, PALETTE.model, PALETTE.latent, PALETTE.base, PALETTE.reference];
function seriesColorScale(series: readonly { label: string; color?: string }[]): AnySpec {
  return { domain: series.map((s) => s.label), range: series.map((s, i) => s.color ?? SERIES_FALLBACK[i % SERIES_FALLBACK.length]) };
}

function pointValues(points: readonly Point[], maxPoints: number): { x: number; y: number }[] {
  return points.slice(0, maxPoints).map(([x, y]) => ({ x: round4(x), y: round4(y) }));
}

/** The unit spec of one point cloud (no config). */
function scatterUnit(points: readonly Point[], o: ScatterOptions): AnySpec {
  return clean({
    title: titleOf(o),
    width: o.width ?? 320,
    height: o.height ?? 320,
    data: { values: pointValues(points, o.maxPoints ?? 1500) },
    mark: { type: "circle", size: o.size ?? 10, opacity: o.opacity ?? 0.6, color: o.color ?? PALETTE.data, aria: false, clip: true },
    encoding: {
      x: { field: "x", type: "quantitative", title: o.xTitle ?? "x₁", scale: axisScale(o.domain?.x) },
      y: { field: "y", type: "quantitative", title: o.yTitle ?? "x₂", scale: axisScale(o.domain?.y) },
    },
  });
}

/** One point cloud. */
export function scatterChart(points: readonly Point[], options: ScatterOptions = {}): VegaLiteSpec {
  return top(scatterUnit(points, options));
}

export interface ScatterPanel {
  title: string;
  subtitle?: string;
  points: readonly Point[];
  color?: string;
  /** This panel's axis ranges (e.g. latent space next to data space). Default: the shared range. */
  domain?: Range2D;
  xTitle?: string;
  yTitle?: string;
}

export interface SideBySideOptions extends Omit<ScatterOptions, "color" | "xTitle" | "yTitle"> {
  /** Axis titles used where a panel sets none. */
  xTitle?: string;
  yTitle?: string;
}

/**
 * Point clouds side by side, each with its own title and color. Panels without a `domain` share
 * one square range that fits all of them, so that shapes can be compared by eye.
 */
export function sideBySideScatter(panels: readonly ScatterPanel[], options: SideBySideOptions = {}): VegaLiteSpec {
  if (panels.length === 0) throw new RangeError("sideBySideScatter: 'panels' must not be empty.");
  const shared = options.domain ?? squareBounds(panels.filter((p) => !p.domain).flatMap((p) => p.points.slice(0, options.maxPoints ?? 1500)));
  return top({
    title: titleOf(options),
    hconcat: panels.map((p) =>
      scatterUnit(p.points, {
        ...options,
        title: p.title,
        subtitle: p.subtitle,
        color: p.color,
        domain: p.domain ?? shared,
        xTitle: p.xTitle ?? options.xTitle,
        yTitle: p.yTitle ?? options.yTitle,
      }),
    ),
  });
}

export interface ScatterSeries {
  label: string;
  points: readonly Point[];
  color?: string;
}

/** Several point clouds on one set of axes, told apart by color, with a legend. */
export function overlayScatter(series: readonly ScatterSeries[], options: Omit<ScatterOptions, "color"> = {}): VegaLiteSpec {
  const values = series.flatMap((s) => pointValues(s.points, options.maxPoints ?? 1500).map((v) => ({ ...v, series: s.label })));
  return top({
    title: titleOf(options),
    width: options.width ?? 320,
    height: options.height ?? 320,
    data: { values },
    mark: { type: "circle", size: options.size ?? 10, opacity: options.opacity ?? 0.6, aria: false, clip: true },
    encoding: {
      x: { field: "x", type: "quantitative", title: options.xTitle ?? "x₁", scale: axisScale(options.domain?.x) },
      y: { field: "y", type: "quantitative", title: options.yTitle ?? "x₂", scale: axisScale(options.domain?.y) },
      color: {
        field: "series",
        type: "nominal",
        title: null,
        scale: seriesColorScale(series),
      },
    },
  });
}

// ---------------------------------------------------------------------------------------------
// Functions of (x, y) on a grid

/** A regular grid of nx × ny cells over `range`; `centers` lists the cell centres row by row (y outer, x inner). */
export interface Grid2D {
  range: Range2D;
  nx: number;
  ny: number;
  centers: Point[];
}

/** The cell centres of an nx × ny grid over `range`, to evaluate a density on. */
export function gridCenters(range: Range2D, nx: number, ny: number = nx): Grid2D {
  for (const [name, v] of [["nx", nx], ["ny", ny]] as const) {
    if (!Number.isInteger(v) || v < 1) throw new RangeError(`gridCenters: '${name}' must be a positive integer; got ${v}.`);
  }
  const dx = (range.x[1] - range.x[0]) / nx;
  const dy = (range.y[1] - range.y[0]) / ny;
  const centers: Point[] = [];
  for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) centers.push([range.x[0] + (i + 0.5) * dx, range.y[0] + (j + 0.5) * dy]);
  return { range, nx, ny, centers };
}

export interface HeatmapOptions extends Omit<ChartOptions, "domain"> {
  /** Legend title, e.g. "p(x)". Default "value". */
  colorTitle?: string;
  /** A vega color scheme. Default "viridis". */
  scheme?: string;
  /** Points drawn on top (e.g. a few data points), white and small. */
  overlay?: readonly Point[];
}

/**
 * A heatmap of `values` (one per cell of `grid`, in the order of `grid.centers`), e.g. a density
 * exp(log p(x)) evaluated on `gridCenters(...)`.
 */
export function densityHeatmap(grid: Grid2D & { values: readonly number[] }, options: HeatmapOptions = {}): VegaLiteSpec {
  const { range, nx, ny, values } = grid;
  if (values.length !== nx * ny) {
    throw new RangeError(`densityHeatmap: 'values' must have one entry per grid cell (${nx} × ${ny} = ${nx * ny}); got ${values.length}.`);
  }
  const dx = (range.x[1] - range.x[0]) / nx;
  const dy = (range.y[1] - range.y[0]) / ny;
  const width = options.width ?? 320;
  const height = options.height ?? 320;
  // Each cell reaches 0.75 px into its right and upper neighbours, which are drawn after it: this
  // covers the hairline seams that anti-aliasing leaves between abutting rects (the overlap is
  // drawn over, so nothing is visibly shifted).
  const overlapX = (0.75 * (range.x[1] - range.x[0])) / width;
  const overlapY = (0.75 * (range.y[1] - range.y[0])) / height;
  const cells = values.map((v, k) => {
    const i = k % nx;
    const j = Math.floor(k / nx);
    const x0 = range.x[0] + i * dx;
    const y0 = range.y[0] + j * dy;
    return { x0: round4(x0), x1: round4(x0 + dx + overlapX), y0: round4(y0), y1: round4(y0 + dy + overlapY), v: round4(v) };
  });
  const xEnc = { type: "quantitative", title: options.xTitle ?? "x₁", scale: axisScale(range.x) };
  const yEnc = { type: "quantitative", title: options.yTitle ?? "x₂", scale: axisScale(range.y) };
  const layers: AnySpec[] = [
    {
      data: { values: cells },
      mark: { type: "rect", aria: false, clip: true },
      encoding: {
        x: { field: "x0", ...xEnc },
        x2: { field: "x1" },
        y: { field: "y0", ...yEnc },
        y2: { field: "y1" },
        color: { field: "v", type: "quantitative", title: options.colorTitle ?? "value", scale: { scheme: options.scheme ?? "viridis" } },
      },
    },
  ];
  if (options.overlay?.length) {
    layers.push({
      data: { values: pointValues(options.overlay, 2000) },
      mark: { type: "circle", size: 4, color: "white", opacity: 0.5, aria: false, clip: true },
      encoding: { x: { field: "x", type: "quantitative" }, y: { field: "y", type: "quantitative" } },
    });
  }
  return top({ title: titleOf(options), width, height, layer: layers });
}

// ---------------------------------------------------------------------------------------------
// Curves

export interface CurveSeries {
  label: string;
  points: readonly Point[];
  color?: string;
  /** Dashed line. */
  dashed?: boolean;
}

export interface LineChartOptions extends Omit<ChartOptions, "domain"> {
  /** Fixed x range (e.g. [0, total steps], so that a live curve grows from left to right). */
  xDomain?: readonly [number, number];
  /** Fixed y range. */
  yDomain?: readonly [number, number];
  /** Horizontal reference lines with a label, e.g. the entropy floor. */
  rules?: readonly { y: number; label: string; color?: string }[];
  /** Log-scale y axis. */
  logY?: boolean;
  /** Draw a dot at every data point too. Default false. */
  points?: boolean;
}

function ruleLayers(rules: LineChartOptions["rules"]): AnySpec[] {
  return (rules ?? []).map((r) => ({
    data: { values: [{ y: round4(r.y), label: r.label }] },
    layer: [
      { mark: { type: "rule", strokeDash: [6, 4], color: r.color ?? PALETTE.reference, strokeWidth: 1.5 }, encoding: { y: { field: "y", type: "quantitative" } } },
      {
        mark: { type: "text", align: "right", baseline: "bottom", dy: -3, x: "width", color: r.color ?? PALETTE.reference, fontSize: 11 },
        encoding: { y: { field: "y", type: "quantitative" }, text: { field: "label" } },
      },
    ],
  }));
}

/** Curves y(x) on one set of axes, with a legend (one entry per series). */
export function lineChart(series: readonly CurveSeries[], options: LineChartOptions = {}): VegaLiteSpec {
  const values = series.flatMap((s) => s.points.map(([x, y], i) => ({ x: round4(x), y: round4(y), series: s.label, i })));
  const dashed = series.filter((s) => s.dashed).map((s) => s.label);
  return top({
    title: titleOf(options),
    width: options.width ?? 420,
    height: options.height ?? 260,
    layer: [
      {
        data: { values },
        mark: { type: "line", strokeWidth: 2, aria: false, clip: true, ...(options.points ? { point: { size: 30 } } : {}) },
        encoding: {
          x: { field: "x", type: "quantitative", title: options.xTitle ?? "x", scale: axisScale(options.xDomain) },
          y: { field: "y", type: "quantitative", title: options.yTitle ?? "y", scale: { ...axisScale(options.yDomain), ...(options.logY ? { type: "log" } : {}) } },
          color: {
            field: "series",
            type: "nominal",
            title: null,
            scale: seriesColorScale(series),
            // One curve needs no legend (say what it is in the title or subtitle).
            legend: series.length > 1 ? { labelLimit: 400 } : null,
          },
          order: { field: "i", type: "quantitative" },
          ...(dashed.length
            ? { strokeDash: { condition: { test: `indexof(${JSON.stringify(dashed)}, datum.series) >= 0`, value: [6, 4] }, value: [1, 0] } }
            : {}),
        },
      },
      ...ruleLayers(options.rules),
    ],
  });
}

/** Centred moving average over `window` values (shorter at the ends). */
export function movingAverage(values: readonly number[], window: number): number[] {
  const half = Math.max(0, Math.floor(window / 2));
  const prefix = [0];
  for (const v of values) prefix.push(prefix[prefix.length - 1] + v);
  return values.map((_, i) => {
    const lo = Math.max(0, i - half);
    const hi = Math.min(values.length, i + half + 1);
    return (prefix[hi] - prefix[lo]) / (hi - lo);
  });
}

export interface LossCurveOptions extends Omit<ChartOptions, "domain"> {
  /** Moving-average window of the smoothed curve. Default: about 2% of the steps, at least 5. */
  smoothing?: number;
  /** Fix the x axis to [0, totalSteps], so that a live curve grows from left to right. Default: [0, loss.length]. */
  totalSteps?: number;
  /** Fix the y axis. */
  yDomain?: readonly [number, number];
  /** Horizontal reference lines, e.g. the entropy floor or the held-out NLL. */
  rules?: LineChartOptions["rules"];
  /** Plot at most this many points per curve (evenly thinned). Default 1000. */
  maxPoints?: number;
}

/**
 * A training curve: the loss of every step (thin, grey) and its moving average (thick, blue).
 * `loss[k]` is the loss of step k + 1.
 */
export function lossCurveChart(loss: readonly number[], options: LossCurveOptions = {}): VegaLiteSpec {
  const n = loss.length;
  const smooth = movingAverage(loss, options.smoothing ?? Math.max(5, Math.round(n / 50)));
  const every = Math.max(1, Math.ceil(n / (options.maxPoints ?? 1000)));
  const values: { step: number; loss: number; curve: string }[] = [];
  for (let k = 0; k < n; k += every) {
    if (!Number.isFinite(loss[k])) continue;
    values.push({ step: k + 1, loss: round4(loss[k]), curve: "per step" });
    values.push({ step: k + 1, loss: round4(smooth[k]), curve: "moving average" });
  }
  if (n > 0 && (n - 1) % every !== 0 && Number.isFinite(loss[n - 1])) {
    values.push({ step: n, loss: round4(loss[n - 1]), curve: "per step" }, { step: n, loss: round4(smooth[n - 1]), curve: "moving average" });
  }
  const yScale = options.yDomain ? { domain: [...options.yDomain], nice: false, zero: false, clamp: true } : { zero: false };
  return top({
    title: titleOf({ title: options.title ?? "Training loss", subtitle: options.subtitle }),
    width: options.width ?? 420,
    height: options.height ?? 240,
    layer: [
      {
        data: { values },
        mark: { type: "line", aria: false, clip: true },
        encoding: {
          // The axis ends at the last step (or totalSteps), not at a "nice" round number past it.
          x: { field: "step", type: "quantitative", title: options.xTitle ?? "step", scale: { domain: [0, options.totalSteps ?? Math.max(n, 1)], nice: false } },
          y: { field: "loss", type: "quantitative", title: options.yTitle ?? "NLL (nats)", scale: yScale },
          color: { field: "curve", type: "nominal", title: null, scale: { domain: ["per step", "moving average"], range: ["#c7c7c7", PALETTE.data] } },
          strokeWidth: { condition: { test: "datum.curve === 'moving average'", value: 2.5 }, value: 1 },
        },
      },
      ...ruleLayers(options.rules),
    ],
  });
}

export interface HistogramOptions extends Omit<ChartOptions, "domain"> {
  /** The x range of the bins (samples outside still count in the total, so the bars stay a density). */
  domain: readonly [number, number];
  /** Number of bins. Default 40. */
  bins?: number;
  /** Legend labels. */
  histogramLabel?: string;
  curveLabel?: string;
  color?: string;
  curveColor?: string;
}

/** Bin heights normalised as a density: count / (N × bin width), so that the bars integrate to ≤ 1. */
export function densityHistogram(samples: readonly number[], domain: readonly [number, number], bins: number): { x0: number; x1: number; density: number }[] {
  if (!Number.isInteger(bins) || bins < 1) throw new RangeError(`densityHistogram: 'bins' must be a positive integer; got ${bins}.`);
  const [lo, hi] = domain;
  const width = (hi - lo) / bins;
  const counts = new Array<number>(bins).fill(0);
  for (const s of samples) {
    if (s < lo || s >= hi || !Number.isFinite(s)) continue;
    counts[Math.min(bins - 1, Math.floor((s - lo) / width))] += 1;
  }
  return counts.map((c, i) => ({ x0: lo + i * width, x1: lo + (i + 1) * width, density: c / (samples.length * width) }));
}

/**
 * A density histogram of `samples` with a density curve on top: the picture of "the samples
 * follow this density". `curve` is either points (x, p(x)) or a function p evaluated on 400 points.
 */
export function histogramWithCurve(samples: readonly number[], curve: readonly Point[] | ((x: number) => number), options: HistogramOptions): VegaLiteSpec {
  const [lo, hi] = options.domain;
  const curvePoints: Point[] = typeof curve === "function" ? Array.from({ length: 401 }, (_, i) => lo + ((hi - lo) * i) / 400).map((x) => [x, curve(x)] as Point) : [...curve];
  const histLabel = options.histogramLabel ?? `histogram of ${samples.length.toLocaleString("en-US")} samples`;
  const curveLabel = options.curveLabel ?? "density p(x)";
  const colorScale = { domain: [histLabel, curveLabel], range: [options.color ?? PALETTE.data, options.curveColor ?? PALETTE.model] };
  const bars = densityHistogram(samples, options.domain, options.bins ?? 40).map((b) => ({ x0: round4(b.x0), x1: round4(b.x1), density: round4(b.density), series: histLabel }));
  const x = { type: "quantitative", title: options.xTitle ?? "x", scale: { domain: [lo, hi], nice: false } };
  return top({
    title: titleOf(options),
    width: options.width ?? 320,
    height: options.height ?? 220,
    layer: [
      {
        data: { values: bars },
        mark: { type: "rect", opacity: 0.55, aria: false },
        encoding: {
          x: { field: "x0", ...x },
          x2: { field: "x1" },
          y: { field: "density", type: "quantitative", title: options.yTitle ?? "density" },
          y2: { datum: 0 },
          color: { field: "series", type: "nominal", title: null, scale: colorScale, legend: { orient: "top", labelLimit: 400 } },
        },
      },
      {
        data: { values: curvePoints.filter(([cx]) => cx >= lo && cx <= hi).map(([cx, cy], i) => ({ x: round4(cx), y: round4(cy), i, series: curveLabel })) },
        mark: { type: "line", strokeWidth: 2.5, aria: false },
        encoding: { x: { field: "x", type: "quantitative" }, y: { field: "y", type: "quantitative" }, order: { field: "i", type: "quantitative" }, color: { field: "series", type: "nominal", scale: colorScale } },
      },
    ],
  });
}

// ---------------------------------------------------------------------------------------------
// Grids of lines and their images under a map

/** A polyline of a grid: `kind` says whether it was horizontal (constant y) or vertical (constant x) before any warp. */
export interface Polyline {
  id: number;
  kind: "horizontal" | "vertical";
  points: Point[];
}

/**
 * The lines of an n × n grid over `range` (n horizontal lines, n vertical ones), each sampled at
 * `samplesPerLine` points so that it can bend when it is mapped.
 */
export function gridLines(range: Range2D, n: number, samplesPerLine = 60): Polyline[] {
  if (!Number.isInteger(n) || n < 2) throw new RangeError(`gridLines: 'n' must be an integer ≥ 2; got ${n}.`);
  if (!Number.isInteger(samplesPerLine) || samplesPerLine < 2) throw new RangeError(`gridLines: 'samplesPerLine' must be an integer ≥ 2; got ${samplesPerLine}.`);
  const at = (r: readonly [number, number], k: number, m: number) => r[0] + ((r[1] - r[0]) * k) / (m - 1);
  const lines: Polyline[] = [];
  for (let k = 0; k < n; k++) {
    const y = at(range.y, k, n);
    lines.push({ id: lines.length, kind: "horizontal", points: Array.from({ length: samplesPerLine }, (_, s) => [at(range.x, s, samplesPerLine), y] as Point) });
  }
  for (let k = 0; k < n; k++) {
    const x = at(range.x, k, n);
    lines.push({ id: lines.length, kind: "vertical", points: Array.from({ length: samplesPerLine }, (_, s) => [x, at(range.y, s, samplesPerLine)] as Point) });
  }
  return lines;
}

/** Every point of the lines, in order: what to feed a batched map (e.g. a flow). */
export function flattenPolylines(lines: readonly Polyline[]): Point[] {
  return lines.flatMap((l) => l.points);
}

/** The lines with their points replaced, in order, by `points` (the output of a batched map of `flattenPolylines(lines)`). */
export function withPoints(lines: readonly Polyline[], points: readonly (readonly number[])[]): Polyline[] {
  const total = lines.reduce((s, l) => s + l.points.length, 0);
  if (points.length !== total) throw new RangeError(`withPoints: 'points' must have one row per line point (${total}); got ${points.length}.`);
  let k = 0;
  return lines.map((l) => ({ ...l, points: l.points.map(() => {
    const p = points[k++];
    return [p[0], p[1]] as Point;
  }) }));
}

/** The image of each line under a pointwise map f. */
export function mapPolylines(lines: readonly Polyline[], f: (p: Point) => Point): Polyline[] {
  return lines.map((l) => ({ ...l, points: l.points.map((p) => f(p)) }));
}

/** The image of each line under a batched (possibly async) map, e.g. `pts => flow.forward(tf.tensor2d(pts)).output.array()`. */
export async function mapPolylinesBatch(lines: readonly Polyline[], f: (points: Point[]) => readonly (readonly number[])[] | Promise<readonly (readonly number[])[]>): Promise<Polyline[]> {
  return withPoints(lines, await f(flattenPolylines(lines)));
}

/** A closed, filled shape drawn over a grid, with an optional label at its centroid (or `labelAt`). */
export interface Polygon {
  points: readonly Point[];
  label?: string;
  labelAt?: Point;
  color?: string;
}

/** The area of a simple polygon (shoelace formula), always ≥ 0. */
export function polygonArea(points: readonly Point[]): number {
  let twice = 0;
  for (let i = 0; i < points.length; i++) {
    const [x0, y0] = points[i];
    const [x1, y1] = points[(i + 1) % points.length];
    twice += x0 * y1 - x1 * y0;
  }
  return Math.abs(twice) / 2;
}

/** The boundary of the square [x0, x0 + side] × [y0, y0 + side], counter-clockwise, `perSide` points per side (so that it bends under a map). */
export function squareOutline(x0: number, y0: number, side: number, perSide = 20): Point[] {
  const out: Point[] = [];
  const corners: Point[] = [[x0, y0], [x0 + side, y0], [x0 + side, y0 + side], [x0, y0 + side]];
  for (let c = 0; c < 4; c++) {
    const [ax, ay] = corners[c];
    const [bx, by] = corners[(c + 1) % 4];
    for (let s = 0; s < perSide; s++) out.push([ax + ((bx - ax) * s) / perSide, ay + ((by - ay) * s) / perSide]);
  }
  return out;
}

function centroid(points: readonly Point[]): Point {
  const n = points.length || 1;
  return [points.reduce((s, p) => s + p[0], 0) / n, points.reduce((s, p) => s + p[1], 0) / n];
}

export interface WarpedGridOptions extends ChartOptions {
  /** Filled shapes with labels, e.g. the image of the unit square and its area. */
  polygons?: readonly Polygon[];
  /** Points drawn over the grid (e.g. data), in `pointColor`. */
  points?: readonly Point[];
  pointColor?: string;
  /** Groups of points drawn over the grid, each in its own color, with a legend (e.g. the two moons). */
  pointGroups?: readonly { label: string; points: readonly Point[]; color: string }[];
  /** Draw every grid line in this one color (no line legend), e.g. a light grey under colored points. */
  gridColor?: string;
  /** Line width. Default 1.2. */
  strokeWidth?: number;
}

/** The unit spec of a warped grid (no config), for `warpedGridChart` and `smallMultiples`. */
function warpedGridUnit(lines: readonly Polyline[], o: WarpedGridOptions): AnySpec {
  const values = lines.flatMap((l) =>
    l.points.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y)).map(([x, y], i) => ({ x: round4(x), y: round4(y), line: l.id, kind: l.kind, i })),
  );
  // By default a square range around everything drawn, so that a square panel keeps the aspect
  // ratio: areas and angles can be compared by eye.
  const domain = o.domain ?? squareBounds([...flattenPolylines(lines), ...(o.polygons ?? []).flatMap((p) => p.points)], 0.04);
  const scaleX = axisScale(domain.x);
  const scaleY = axisScale(domain.y);
  const xEnc = { field: "x", type: "quantitative", title: o.xTitle ?? "x₁", scale: scaleX };
  const yEnc = { field: "y", type: "quantitative", title: o.yTitle ?? "x₂", scale: scaleY };
  const layers: AnySpec[] = [];
  for (const [k, poly] of (o.polygons ?? []).entries()) {
    const color = poly.color ?? PALETTE.reference;
    layers.push({
      data: { values: poly.points.map(([x, y], i) => ({ x: round4(x), y: round4(y), i, shape: k })) },
      mark: { type: "line", interpolate: "linear-closed", fill: color, fillOpacity: 0.25, stroke: color, strokeWidth: 1.5, aria: false, clip: true },
      encoding: { x: xEnc, y: yEnc, order: { field: "i", type: "quantitative" }, detail: { field: "shape", type: "nominal" } },
    });
  }
  layers.push({
    data: { values },
    mark: { type: "line", strokeWidth: o.strokeWidth ?? 1.2, opacity: 0.85, aria: false, clip: true },
    encoding: {
      x: xEnc,
      y: yEnc,
      detail: { field: "line", type: "nominal" },
      order: { field: "i", type: "quantitative" },
      color: o.gridColor
        ? { value: o.gridColor }
        : {
            field: "kind",
            type: "nominal",
            title: "grid line",
            scale: { domain: ["horizontal", "vertical"], range: [PALETTE.gridHorizontal, PALETTE.gridVertical] },
            legend: { orient: "bottom", direction: "horizontal", labelExpr: "datum.label == 'horizontal' ? 'was horizontal' : 'was vertical'" },
          },
    },
  });
  if (o.points?.length) {
    layers.push({
      data: { values: pointValues(o.points, 2000) },
      mark: { type: "circle", size: 6, opacity: 0.5, color: o.pointColor ?? "#333", aria: false, clip: true },
      encoding: { x: { field: "x", type: "quantitative" }, y: { field: "y", type: "quantitative" } },
    });
  }
  if (o.pointGroups?.length) {
    const groups = o.pointGroups;
    layers.push({
      data: { values: groups.flatMap((g) => pointValues(g.points, 2000).map((v) => ({ ...v, group: g.label }))) },
      // `fill`, not `color`: the points get a scale and a legend of their own, apart from the lines'.
      mark: { type: "circle", size: 8, opacity: 0.7, aria: false, clip: true },
      encoding: {
        x: { field: "x", type: "quantitative" },
        y: { field: "y", type: "quantitative" },
        fill: { field: "group", type: "nominal", title: null, scale: { domain: groups.map((g) => g.label), range: groups.map((g) => g.color) }, legend: { orient: "bottom", direction: "horizontal" } },
      },
    });
  }
  const labels = (o.polygons ?? []).filter((p) => p.label).map((p) => {
    const [x, y] = p.labelAt ?? centroid(p.points);
    return { x: round4(x), y: round4(y), text: p.label };
  });
  if (labels.length) {
    layers.push({
      data: { values: labels },
      mark: { type: "text", fontSize: 12, fontWeight: "bold", color: "#222", stroke: "white", strokeWidth: 3, strokeOpacity: 0.85 },
      encoding: { x: { field: "x", type: "quantitative" }, y: { field: "y", type: "quantitative" }, text: { field: "text" } },
    });
    layers.push({
      data: { values: labels },
      mark: { type: "text", fontSize: 12, fontWeight: "bold", color: "#222" },
      encoding: { x: { field: "x", type: "quantitative" }, y: { field: "y", type: "quantitative" }, text: { field: "text" } },
    });
  }
  return clean({ title: titleOf(o), width: o.width ?? 320, height: o.height ?? 320, layer: layers });
}

/**
 * A grid of lines (from `gridLines`, possibly mapped): lines that were horizontal in blue, those
 * that were vertical in orange, with optional filled, labelled shapes and points on top. Without
 * `domain`, both axes get the same range (a square around the lines), so shapes are not distorted.
 */
export function warpedGridChart(lines: readonly Polyline[], options: WarpedGridOptions = {}): VegaLiteSpec {
  return top(warpedGridUnit(lines, options));
}

/**
 * Specs next to each other in one row. Each keeps its own axes. By default the panels share one
 * color scale and one legend (two densities on the same scale, two grids with the same line
 * colors); `colors: "independent"` gives each panel its own (e.g. histograms whose legends differ).
 */
export function sideBySideSpecs(specs: readonly VegaLiteSpec[], options: { title?: string; subtitle?: string; colors?: "shared" | "independent" } = {}): VegaLiteSpec {
  if (specs.length === 0) throw new RangeError("sideBySideSpecs: 'specs' must not be empty.");
  return top({ title: titleOf(options), hconcat: specs.map(nested), resolve: { scale: { color: options.colors ?? "shared" } } });
}

/** Specs in rows of `columns` panels (small multiples), e.g. a grid after each layer of a flow. Colors (and legends) are shared. */
export function smallMultiples(specs: readonly VegaLiteSpec[], options: { columns?: number; title?: string; subtitle?: string } = {}): VegaLiteSpec {
  if (specs.length === 0) throw new RangeError("smallMultiples: 'specs' must not be empty.");
  return top({ title: titleOf(options), columns: options.columns ?? 3, concat: specs.map(nested), resolve: { scale: { color: "shared", fill: "shared" } } });
}
