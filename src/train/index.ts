export * from "./minibatches";
export * from "./train";
export * from "./lr-schedule";
