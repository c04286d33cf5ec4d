// The teaching library, imported in notebook cells as "drillbook". One export line per file.
export * from "./base.js";
export * from "./random.js";
export * from "./table.js";
export * from "./data/index.js";
export * from "./modelSelection.js";
export * from "./preprocessing.js";
export * from "./linear.js";
export * from "./kmeans.js";
export * from "./metrics/regression.js";
export * from "./metrics/clustering.js";
export * from "./metrics/classification.js";
export * from "./plots/index.js";
export * from "./persist.js";
