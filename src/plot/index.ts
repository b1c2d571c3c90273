export * from "./render-svg";
export * from "./display";
export * from "./show";
export * from "./charts";
export * from "./flow-plots";
export * from "./image-grid";
export * from "./png";
export * from "./matrix-chart";
