/**
 * A minimal PNG encoder for grayscale images, so that image grids (digits, samples) travel as
 * small `data:image/png;base64,…` URLs inside a plot instead of one SVG rect per pixel.
 *
 * Format (PNG spec, W3C 2003): the 8-byte signature, then chunks `length | type | data | CRC-32`:
 *   IHDR  width, height, bit depth 8, color type 0 (grayscale), compression 0, filter 0, interlace 0
 *   IDAT  zlib(deflate) of the rows, each preceded by its filter byte 0 ("None")
 *   IEND  empty
 * CRC-32 is the usual reflected polynomial 0xEDB88320 over the type and data bytes.
 *
 * @example
 *   const url = grayscalePngDataUrl(pixels, 14, 14, { scale: 3 });   // pixels: 196 bytes, 0 = black
 */
import { deflateSync } from "node:zlib";

const SIGNATURE = Uint8Array.from([137, 80, 78, 71, 13, 10, 26, 10]);

let crcTable: Uint32Array | null = null;

/** CRC-32 (ISO 3309, as PNG uses it) of `bytes`. */
export function crc32(bytes: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let c = 0xffffffff;
  for (const b of bytes) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

export interface PngOptions {
  /** Each pixel becomes a scale × scale block (nearest neighbour), so viewers that smooth
   *  scaled images still show sharp pixels. Default 1. */
  scale?: number;
}

/** A PNG file of an 8-bit grayscale image: `pixels` row-major, width × height bytes (0 black, 255 white). */
export function encodeGrayscalePng(pixels: Uint8Array, width: number, height: number, options: PngOptions = {}): Uint8Array {
  const scale = options.scale ?? 1;
  for (const [name, v] of [["width", width], ["height", height], ["scale", scale]] as const) {
    if (!Number.isInteger(v) || v < 1) throw new RangeError(`encodeGrayscalePng: '${name}' must be a positive integer; got ${v}.`);
  }
  if (pixels.length !== width * height) {
    throw new RangeError(`encodeGrayscalePng: 'pixels' must hold width × height = ${width * height} bytes; got ${pixels.length}.`);
  }
  const w = width * scale;
  const h = height * scale;
  const raw = new Uint8Array(h * (w + 1)); // each row: filter byte 0, then w pixels
  for (let y = 0; y < h; y++) {
    const src = Math.floor(y / scale) * width;
    for (let x = 0; x < w; x++) raw[y * (w + 1) + 1 + x] = pixels[src + Math.floor(x / scale)];
  }
  const header = new Uint8Array(13);
  const hv = new DataView(header.buffer);
  hv.setUint32(0, w);
  hv.setUint32(4, h);
  header.set([8, 0, 0, 0, 0], 8);
  const parts = [SIGNATURE, chunk("IHDR", header), chunk("IDAT", new Uint8Array(deflateSync(raw))), chunk("IEND", new Uint8Array(0))];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

/** `data:image/png;base64,…` of {@link encodeGrayscalePng}. */
export function grayscalePngDataUrl(pixels: Uint8Array, width: number, height: number, options: PngOptions = {}): string {
  return `data:image/png;base64,${Buffer.from(encodeGrayscalePng(pixels, width, height, options)).toString("base64")}`;
}
