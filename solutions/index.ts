export * from "./additive-coupling";
export * from "./affine-coupling";
export * from "./nll";
export * from "./actnorm";
export * from "./invertible-conv";
export * from "./dequantization";
export * from "./made-maf";
