// Models built from other models, each in its own file; they save to JSON with their inner models' JSON nested
// inside (nestedModels.ts).
export type {ModelLoader} from "./nestedModels.js";
export * from "./transformedTarget.js";
export * from "./segmented.js";
export * from "./hurdle.js";
