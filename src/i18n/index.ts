export * from "./catalogue";
export * from "./language";
export * from "./numbers";
