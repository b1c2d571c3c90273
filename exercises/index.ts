// Exercise file generated from solutions/index.ts by `npm run assign`. Write your code where it says TODO.
export * from "./additive-coupling";
export * from "./affine-coupling";
export * from "./nll";
export * from "./actnorm";
export * from "./invertible-conv";
export * from "./dequantization";
export * from "./made-maf";
