// The drills' seeded data generators: each takes {n, seed} and returns an arquero table.
export {hiddenSegments, SEGMENTS, type Segment} from "./hiddenSegments.js";
export {mallCustomers, type GeneratorOptions} from "./mallCustomers.js";
export {sessions, sessionOrderValueMean, SESSION_FEATURES, type SessionsOptions} from "./sessions.js";
export {loyaltyCustomers, loyaltyFeatures, LOYALTY_FEATURES, LOYALTY_SEGMENTS, OFFERS} from "./loyalty.js";
export {orderHistory, TIERS, type OrderHistory, type OrderHistoryOptions} from "./orderHistory.js";
