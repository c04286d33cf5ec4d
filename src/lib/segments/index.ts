// Customer segments: JSONLogic segment rules over a table, the dashboard's per-segment statistics, expected counts
// from probabilities, RFM scores, and the visual rule builder input.
export * from "./rules.js";
export * from "./dashboard.js";
export * from "./expected.js";
export * from "./rfm.js";
export * from "./overlap.js";
export {ruleBuilder, type RuleBuilderOptions, type RuleField} from "./ruleBuilder.js";
