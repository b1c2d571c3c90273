export * from "./render-svg";
export * from "./display";
export * from "./show";
