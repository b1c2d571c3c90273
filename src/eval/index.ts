export * from "./nll";
