export * from "./minibatches";
export * from "./train";
