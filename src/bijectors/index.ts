export * from "./bijector";
export * from "./errors";
export * from "./chain";
export * from "./permutation";
export * from "./diagonal-scale";
export * from "./masked-coupling";
