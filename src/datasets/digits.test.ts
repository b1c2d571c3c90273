/**
 * The digits dataset: integer pixels, shapes, seeded disjoint splits, downscaling by block means,
 * fewer-bit quantisation, class filtering and clear errors.
 */
import { describe, expect, it } from "vitest";
import { digitsTensor, downscale, loadDigits } from "./digits";

describe("loadDigits", () => {
  it("gives 28×28 integer images 0 … 255 (both ends occur), with labels 0 … 9", async () => {
    const d = await loadDigits({ nTrain: 500, nTest: 100 });
    expect([d.height, d.width, d.channels, d.dim, d.levels, d.bits]).toEqual([28, 28, 1, 784, 256, 8]);
    expect([d.train.count, d.test.count]).toEqual([500, 100]);
    expect(d.train.images.length).toBe(500 * 784);
    expect(d.train.images.reduce((m, v) => Math.min(m, v), 255)).toBe(0);
    expect(d.train.images.reduce((m, v) => Math.max(m, v), 0)).toBe(255);
    expect(new Set(d.train.labels)).toEqual(new Set([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]));
  });

  it("the same seed gives the same split; another seed another; train and test never share an image", async () => {
    const a = await loadDigits({ nTrain: 300, nTest: 200, seed: 4 });
    const b = await loadDigits({ nTrain: 300, nTest: 200, seed: 4 });
    const c = await loadDigits({ nTrain: 300, nTest: 200, seed: 5 });
    expect(a.train.images).toEqual(b.train.images);
    expect(a.test.source).toEqual(b.test.source);
    expect(a.train.source).not.toEqual(c.train.source);
    const train = new Set(a.train.source);
    expect(Array.from(a.test.source).filter((i) => train.has(i))).toEqual([]);
    const all = await loadDigits({ nTrain: 9000, nTest: 1000, seed: 0 });
    expect(new Set([...all.train.source, ...all.test.source]).size).toBe(10000);
  });

  it("size 14 and 7 are the rounded means of 2×2 and 4×4 blocks of the same images", async () => {
    const full = await loadDigits({ nTrain: 20, nTest: 0, seed: 2 });
    const half = await loadDigits({ nTrain: 20, nTest: 0, seed: 2, size: 14 });
    const quarter = await loadDigits({ nTrain: 20, nTest: 0, seed: 2, size: 7 });
    expect([half.dim, quarter.dim]).toEqual([196, 49]);
    for (let n = 0; n < 20; n++) {
      const img = full.train.images.subarray(n * 784, (n + 1) * 784);
      for (let r = 0; r < 14; r++) {
        for (let c = 0; c < 14; c++) {
          const sum = img[2 * r * 28 + 2 * c] + img[2 * r * 28 + 2 * c + 1] + img[(2 * r + 1) * 28 + 2 * c] + img[(2 * r + 1) * 28 + 2 * c + 1];
          expect(half.train.images[n * 196 + r * 14 + c]).toBe(Math.floor(sum / 4 + 0.5));
        }
      }
      expect(quarter.train.images.subarray(n * 49, (n + 1) * 49)).toEqual(downscale(img, 7));
    }
  });

  it("bits 4 quantises k to ⌊k / 16⌋ (levels 0 … 15)", async () => {
    const full = await loadDigits({ nTrain: 50, nTest: 0, seed: 1 });
    const four = await loadDigits({ nTrain: 50, nTest: 0, seed: 1, bits: 4 });
    expect(four.levels).toBe(16);
    expect(Array.from(four.train.images)).toEqual(Array.from(full.train.images, (k) => Math.floor(k / 16)));
  });

  it("classes keeps only the chosen digits", async () => {
    const d = await loadDigits({ nTrain: 1000, nTest: 500, classes: [0, 1] });
    expect(new Set([...d.train.labels, ...d.test.labels])).toEqual(new Set([0, 1]));
    await expect(loadDigits({ nTrain: 2000, nTest: 500, classes: [0, 1] })).rejects.toThrow(/nTrain \+ nTest must be at most 2128 .*got 2000 \+ 500 = 2500/);
  });

  it("digitsTensor gives float32 rows of the integer values", async () => {
    const d = await loadDigits({ nTrain: 10, nTest: 0, size: 7 });
    const x = digitsTensor(d.train);
    expect(x.shape).toEqual([10, 49]);
    expect(x.dtype).toBe("float32");
    expect(Array.from(await x.data())).toEqual(Array.from(d.train.images));
    x.dispose();
    expect(() => digitsTensor(d.train, 11)).toThrow(/'count' must be an integer from 1 to 10; got 11/);
  });

  it("rejects bad options with the argument, the rule and the value", async () => {
    await expect(loadDigits({ size: 10 as 14 })).rejects.toThrow(/'size' must be 28, 14 or 7; got 10/);
    await expect(loadDigits({ bits: 9 })).rejects.toThrow(/'bits' must be an integer from 1 to 8; got 9/);
    await expect(loadDigits({ nTrain: 9000, nTest: 2000 })).rejects.toThrow(/at most 10000/);
    await expect(loadDigits({ sizes: 14 } as object)).rejects.toThrow(/unknown option 'sizes'/);
  });
});
