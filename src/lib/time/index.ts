// Point in time: day numbers, what was known on a day (as-of joins, snapshot features and their stacking), and
// splits that keep a customer or a month together.
export * from "./days.js";
export * from "./asOfJoin.js";
export {snapshotFeatures, SNAPSHOT_FEATURES, type SnapshotOptions} from "./snapshot.js";
export * from "./stack.js";
export * from "./splits.js";
