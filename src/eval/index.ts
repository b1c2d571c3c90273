export * from "./nll";
export * from "./compare-flows";
export * from "./autoregressive-costs";
export * from "./dequantization";
export * from "./spike-density";
export * from "./pixel-baseline";
