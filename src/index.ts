/**
 * FlowLab's library, in one import for notebooks: `import * as fl from "./src";`
 * Each folder holds one concept; import from the folder when you need only that.
 */
export * from "./backend";
export * from "./bijectors";
export * from "./checks";
export * from "./datasets";
export * from "./distributions/standard-normal";
export * from "./eval";
export * from "./flows";
export * from "./nn/mlp";
export * from "./plot";
export * from "./random/prng";
export * from "./tolerances";
export * from "./train";
