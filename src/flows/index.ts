export * from "./density";
export * from "./coupling-flow";
