export * from "./additive-coupling";
export * from "./affine-coupling";
export * from "./nll";
