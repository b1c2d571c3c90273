export * from "./render-svg";
export * from "./display";
export * from "./show";
export * from "./charts";
export * from "./flow-plots";
