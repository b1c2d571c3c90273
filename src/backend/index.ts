export * from "./select-backend";
