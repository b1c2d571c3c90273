/**
 * The PNG encoder writes files a PNG decoder accepts (signature, chunk CRCs, the pixels back from
 * the inflated IDAT, nearest-neighbour upscaling), and imageGrid draws one image mark per image,
 * each holding the PNG of that image, with the row and column labels.
 */
import { inflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { imageGrid, toGrayBytes } from "./image-grid";
import { crc32, encodeGrayscalePng } from "./png";
import { renderSvg } from "./render-svg";

/** Splits a PNG into its chunks, checking the signature and every CRC. */
function chunks(png: Uint8Array): { type: string; data: Uint8Array }[] {
  expect([...png.subarray(0, 8)]).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const out: { type: string; data: Uint8Array }[] = [];
  for (let at = 8; at < png.length; ) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(...png.subarray(at + 4, at + 8));
    const data = png.subarray(at + 8, at + 8 + length);
    expect(view.getUint32(at + 8 + length), `CRC of ${type}`).toBe(crc32(png.subarray(at + 4, at + 8 + length)));
    out.push({ type, data });
    at += 12 + length;
  }
  return out;
}

/** Decodes an 8-bit grayscale PNG written with filter 0 on every row. */
function decode(png: Uint8Array): { width: number; height: number; pixels: number[] } {
  const parts = chunks(png);
  expect(parts.map((c) => c.type)).toEqual(["IHDR", "IDAT", "IEND"]);
  const ihdr = new DataView(parts[0].data.buffer, parts[0].data.byteOffset, 13);
  const [width, height] = [ihdr.getUint32(0), ihdr.getUint32(4)];
  expect([...parts[0].data.subarray(8)]).toEqual([8, 0, 0, 0, 0]); // 8-bit grayscale, no interlace
  const raw = inflateSync(parts[1].data);
  expect(raw.length).toBe(height * (width + 1));
  const pixels: number[] = [];
  for (let y = 0; y < height; y++) {
    expect(raw[y * (width + 1)]).toBe(0);
    pixels.push(...raw.subarray(y * (width + 1) + 1, (y + 1) * (width + 1)));
  }
  return { width, height, pixels };
}

describe("encodeGrayscalePng", () => {
  it("CRC-32 matches the published check values", () => {
    expect(crc32(new TextEncoder().encode("123456789"))).toBe(0xcbf43926);
    expect(crc32(new TextEncoder().encode("IEND"))).toBe(0xae426082);
  });

  it("round-trips the pixels of a 3×2 image, and upscales each pixel to a block", () => {
    const pixels = Uint8Array.from([0, 50, 100, 150, 200, 255]);
    expect(decode(encodeGrayscalePng(pixels, 3, 2))).toEqual({ width: 3, height: 2, pixels: [...pixels] });
    const big = decode(encodeGrayscalePng(pixels, 3, 2, { scale: 2 }));
    expect([big.width, big.height]).toEqual([6, 4]);
    expect(big.pixels.slice(0, 6)).toEqual([0, 0, 50, 50, 100, 100]);
    expect(big.pixels.slice(6, 12)).toEqual([0, 0, 50, 50, 100, 100]);
    expect(big.pixels.slice(18, 24)).toEqual([150, 150, 200, 200, 255, 255]);
  });

  it("refuses a pixel count that does not match the size", () => {
    expect(() => encodeGrayscalePng(new Uint8Array(5), 3, 2)).toThrow(/'pixels' must hold width × height = 6 bytes; got 5/);
    expect(() => encodeGrayscalePng(new Uint8Array(6), 3, 2, { scale: 0 })).toThrow(/'scale' must be a positive integer; got 0/);
  });
});

describe("imageGrid", () => {
  it("maps values over the range to bytes, clipping, with NaN as black", () => {
    expect([...toGrayBytes([0, 0.5, 1, -3, 7, NaN])]).toEqual([0, 128, 255, 0, 255, 0]);
    expect([...toGrayBytes([0, 255], [0, 255])]).toEqual([0, 255]);
    expect(() => toGrayBytes([1], [1, 1])).toThrow(/hi > lo/);
  });

  it("draws one image per entry, holding that entry's PNG, with its row and column labels", async () => {
    const images = Array.from({ length: 6 }, (_, k) => Array.from({ length: 4 }, (_, i) => (k * 4 + i) / 23));
    const spec = imageGrid(images, { height: 2, width: 2, columns: 3, rowLabels: ["T = 0.5", "T = 1"], columnLabels: ["a", "b", "c"], pixelSize: 2, title: "grid" });
    const svg = await renderSvg(spec);
    const hrefs = [...svg.matchAll(/<image[^>]*xlink:href="data:image\/png;base64,([^"]+)"/g)].map((m) => decode(Uint8Array.from(Buffer.from(m[1], "base64"))));
    expect(hrefs).toHaveLength(6);
    for (const h of hrefs) expect([h.width, h.height]).toEqual([4, 4]);
    // The top-left pixel of each image (upscaled ×2) is that image's first value.
    expect(hrefs.map((h) => h.pixels[0]).sort((a, b) => a - b)).toEqual(images.map((img) => Math.round(255 * img[0])));
    for (const label of ["grid", "T = 0.5", "T = 1", "a", "b", "c"]) expect(svg).toContain(`>${label}</text>`);
  });

  it("refuses images of the wrong size and labels that do not match the grid", () => {
    expect(() => imageGrid([[1, 2, 3]], { height: 2, width: 2 })).toThrow(/height × width = 4 values; image 0 has 3/);
    expect(() => imageGrid([[1, 2, 3, 4]], { height: 2, width: 2, rowLabels: ["a", "b"] })).toThrow(/one label per row \(1\); got 2/);
    expect(() => imageGrid([], { height: 2, width: 2 })).toThrow(/must not be empty/);
  });
});
