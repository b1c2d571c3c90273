/**
 * FlowLab's library, in one import for notebooks: `import * as fl from "./src";`
 * Each folder holds one concept; import from the folder when you need only that.
 */
export * from "./backend/index";
export * from "./bijectors/index";
export * from "./checks/index";
export * from "./datasets/index";
export * from "./distributions/standard-normal";
export * from "./eval/index";
export * from "./flows/index";
export * from "./nn/mlp";
export * from "./nn/made";
export * from "./nn/made-masks";
export * from "./nn/conv-net";
export * from "./plot/index";
export * from "./random/prng";
export * from "./tolerances";
export * from "./train/index";
