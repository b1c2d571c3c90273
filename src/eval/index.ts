export * from "./nll";
export * from "./compare-flows";
export * from "./autoregressive-costs";
export * from "./dequantization";
