/**
 * Grids of small grayscale images (digits, samples of a flow, an interpolation) as a vega-lite
 * spec for `show(spec)`. Each image is one `image` mark holding a PNG data URL (./png.ts), so a
 * grid of 40 digits costs a few kilobytes in the saved notebook instead of one rect per pixel.
 *
 * Values are mapped linearly from `range` = [lo, hi] to black … white and clipped:
 *   byte = round(255 · clip((v − lo) / (hi − lo), 0, 1))
 * so samples of a flow that leave [0, 1] a little show as pure black or white.
 *
 * Rows and columns can carry labels ("T = 0.5", "α = 0.25"); without labels there are no axes.
 *
 * @example
 *   await show(imageGrid(rowsOfPixels, { height: 14, width: 14, columns: 8, range: [0, 255], title: "Test digits" }));
 */
import type { VegaLiteSpec } from "./render-svg";
import { CHART_CONFIG } from "./charts";
import { grayscalePngDataUrl } from "./png";

export interface ImageGridOptions {
  /** Image height and width in pixels; every image holds height × width values, row-major. */
  height: number;
  width: number;
  /** Images per row. Default: columnLabels.length, else all images in one row. */
  columns?: number;
  /** One label per row, shown on the left (e.g. the temperature of each row of samples). */
  rowLabels?: readonly string[];
  /** One label per column, shown on top (e.g. the interpolation weight). */
  columnLabels?: readonly string[];
  /** The values shown as black and as white. Default [0, 1]. */
  range?: readonly [number, number];
  /** Screen pixels per image pixel. Default 3. */
  pixelSize?: number;
  /** Space between images, in screen pixels. Default 4. */
  gap?: number;
  title?: string;
  subtitle?: string;
}

/** One image's values → bytes 0 … 255 (black … white) over `range`, clipped. */
export function toGrayBytes(values: ArrayLike<number>, range: readonly [number, number] = [0, 1]): Uint8Array {
  const [lo, hi] = range;
  if (!(hi > lo)) throw new RangeError(`toGrayBytes: 'range' must be [lo, hi] with hi > lo; got [${lo}, ${hi}].`);
  const out = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const t = (values[i] - lo) / (hi - lo);
    out[i] = Number.isNaN(t) ? 0 : Math.round(255 * Math.min(1, Math.max(0, t)));
  }
  return out;
}

/** A grid of grayscale images, row by row (see the module comment). */
export function imageGrid(images: readonly ArrayLike<number>[], options: ImageGridOptions): VegaLiteSpec {
  const { height, width, rowLabels, columnLabels, range = [0, 1], pixelSize = 3, gap = 4 } = options;
  if (!images.length) throw new RangeError("imageGrid: 'images' must not be empty.");
  const columns = options.columns ?? columnLabels?.length ?? images.length;
  if (!Number.isInteger(columns) || columns < 1) throw new RangeError(`imageGrid: 'columns' must be a positive integer; got ${columns}.`);
  images.forEach((img, i) => {
    if (img.length !== height * width) throw new RangeError(`imageGrid: every image must hold height × width = ${height * width} values; image ${i} has ${img.length}.`);
  });
  const rows = Math.ceil(images.length / columns);
  if (rowLabels && rowLabels.length !== rows) throw new RangeError(`imageGrid: 'rowLabels' must have one label per row (${rows}); got ${rowLabels.length}.`);
  if (columnLabels && columnLabels.length !== columns) throw new RangeError(`imageGrid: 'columnLabels' must have one label per column (${columns}); got ${columnLabels.length}.`);
  const values = images.map((img, i) => {
    const r = Math.floor(i / columns);
    const c = i % columns;
    return {
      row: rowLabels ? rowLabels[r] : r,
      col: columnLabels ? columnLabels[c] : c,
      url: grayscalePngDataUrl(toGrayBytes(img, range), width, height, { scale: pixelSize }),
    };
  });
  const w = width * pixelSize;
  const h = height * pixelSize;
  const band = (labels: readonly string[] | undefined, orient: "top" | "left") =>
    labels ? { title: null, orient, ticks: false, domain: false, labelPadding: 4, labelAngle: 0, grid: false } : null;
  const title = options.title === undefined && options.subtitle === undefined ? undefined : options.subtitle === undefined ? options.title : { text: options.title ?? "", subtitle: options.subtitle };
  const spec: Record<string, unknown> = {
    ...(title === undefined ? {} : { title }),
    width: { step: w + gap },
    height: { step: h + gap },
    data: { values },
    mark: { type: "image", width: w, height: h, smooth: false, aria: false },
    encoding: {
      x: { field: "col", type: "ordinal", sort: null, axis: band(columnLabels, "top") },
      y: { field: "row", type: "ordinal", sort: null, axis: band(rowLabels, "left") },
      url: { field: "url", type: "nominal" },
    },
    config: { ...CHART_CONFIG, view: { stroke: null } },
  };
  return spec as unknown as VegaLiteSpec;
}
