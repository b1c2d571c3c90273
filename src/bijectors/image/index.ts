/**
 * Bijectors for images: every one acts on rows [batch, H·W·C] (NHWC flattened) and keeps the
 * library's Bijector contract, so the shared validator applies to each.
 */
export * from "./image-shape";
export * from "./masks";
export * from "./squeeze";
export * from "./image-coupling";
export * from "./split";
export * from "./data-init";
export * from "./multiscale-flow";
export * from "./sampling";
export * from "./rotation-lu";
export * from "./logit";
export * from "./checkpoint";
