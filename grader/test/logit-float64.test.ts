import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { Logit } from "../../src/bijectors/image/logit";
import { graderLogit, graderLogitLogDet } from "../blackbox/logit-float64";

/** Dequantized pixels: the background's u/256 near 0, ink near 1, and values between. */
const rows = [
  [0, 1e-6, 0.5 / 256, 0.999 / 256, 0.25, 0.5, 0.75, 255.5 / 256],
  [0.1, 0.2, 0.3, 0.4, 0.6, 0.7, 0.8, 0.9],
];

describe("the grader's float64 logit (image likelihood)", () => {
  it("agrees with the library's Logit layer (float32) in value and log-det, α = 1e-5 and 0.05", async () => {
    for (const alpha of [1e-5, 0.05]) {
      const layer = new Logit(8, { alpha });
      const { output, logDet } = layer.forward(tf.tensor2d(rows));
      const x = (await output.array()) as number[][];
      const ld = (await logDet.array()) as number[];
      tf.dispose([output, logDet]);
      rows.forEach((r, i) => {
        graderLogit(r, alpha).forEach((v, j) => expect(Math.abs(v - x[i][j])).toBeLessThan(1e-4 * Math.max(1, Math.abs(v))));
        expect(Math.abs(graderLogitLogDet(r, alpha) - ld[i])).toBeLessThan(1e-3 * Math.max(1, Math.abs(ld[i])));
      });
    }
  });

  it("has the log-det of its own derivative: Σ log|dx/dy| by central differences in float64", () => {
    const alpha = 1e-5;
    for (const r of rows) {
      const fd = r.reduce((s, y, j) => {
        const h = 1e-7 * Math.max(1e-3, y);
        const plus = graderLogit(r.map((v, k) => (k === j ? v + h : v)), alpha)[j];
        const minus = graderLogit(r.map((v, k) => (k === j ? v - h : v)), alpha)[j];
        return s + Math.log((plus - minus) / (2 * h));
      }, 0);
      expect(Math.abs(graderLogitLogDet(r, alpha) - fd)).toBeLessThan(1e-5);
    }
  });

  it("refuses α outside (0, 0.5) with a clear error", () => {
    expect(() => graderLogit([0.5], 0)).toThrow(/'alpha' must be in \(0, 0\.5\)/);
    expect(() => graderLogitLogDet([0.5], 0.5)).toThrow(/'alpha' must be in \(0, 0\.5\)/);
  });
});
