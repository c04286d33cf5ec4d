// Probability calibration: Platt scaling, isotonic regression, a calibrated-classifier wrapper and the scores that
// say how far forecasts are from observed rates (calibrationTable, the reliability table, is in metrics).
export * from "./sigmoid.js";
export * from "./isotonic.js";
export * from "./calibratedClassifier.js";
export * from "./scores.js";
