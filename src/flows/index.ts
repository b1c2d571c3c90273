export * from "./density";
export * from "./coupling-flow";
export * from "./autoregressive-flow";
export * from "./spline-flow";
