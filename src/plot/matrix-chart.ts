/**
 * A matrix as a grid of shaded cells: MADE's 0/1 masks, which inputs reach which outputs, the
 * sparsity pattern of a Jacobian. Row i is drawn at the top for i = 0, as matrices are written.
 *
 *   cell (i, j) = matrix[i][j];  shade from white (0) to near-black (the maximum), by |value| with `absolute`
 *
 * @example
 *   await show(matrixChart([[1, 0], [1, 1]], { title: "lower triangular", xTitle: "input j", yTitle: "output i" }));
 */
import { CHART_CONFIG, round4, type ChartOptions } from "./charts";
import type { VegaLiteSpec } from "./render-svg";

export interface MatrixChartOptions extends Omit<ChartOptions, "domain"> {
  /** Shade by |value| (a Jacobian's signs do not matter for its pattern). Default false. */
  absolute?: boolean;
  /** Pixels per cell when width/height are not given. Default 18. */
  cellSize?: number;
  /** Print each value in its cell (small matrices). Default false. */
  labels?: boolean;
}

export function matrixChart(matrix: readonly (readonly number[])[], options: MatrixChartOptions = {}): VegaLiteSpec {
  const rows = matrix.length;
  const cols = matrix[0]?.length ?? 0;
  if (rows === 0 || cols === 0 || matrix.some((r) => r.length !== cols)) throw new RangeError(`matrixChart: 'matrix' must be a non-empty rectangular array; got ${rows} rows.`);
  const cell = options.cellSize ?? 18;
  const values = matrix.flatMap((row, i) => row.map((v, j) => ({ i, j, v: round4(options.absolute ? Math.abs(v) : v) })));
  const top = Math.max(...values.map((c) => c.v));
  const title = options.subtitle === undefined ? options.title : { text: options.title ?? "", subtitle: options.subtitle };
  const encoding = {
    x: { field: "j", type: "ordinal", title: options.xTitle ?? "column", axis: { labelAngle: 0 } },
    y: { field: "i", type: "ordinal", title: options.yTitle ?? "row" },
  };
  const spec: Record<string, unknown> = {
    ...(title === undefined ? {} : { title }),
    width: options.width ?? cols * cell,
    height: options.height ?? rows * cell,
    data: { values },
    layer: [
      { mark: { type: "rect", stroke: "#d0d0d0", strokeWidth: 0.5 }, encoding: { ...encoding, color: { field: "v", type: "quantitative", scale: { range: ["#ffffff", "#1f1f1f"], zero: true }, legend: null } } },
      ...(options.labels
        ? [{ mark: { type: "text", fontSize: 11 }, encoding: { ...encoding, text: { field: "v", type: "quantitative", format: ".2~f" }, color: { condition: { test: `datum.v > ${round4(0.55 * top)}`, value: "#ffffff" }, value: "#1f1f1f" } } }]
        : []),
    ],
    config: CHART_CONFIG,
  };
  return spec as unknown as VegaLiteSpec;
}
