// Plots of the teaching library: one function a file, each taking data (an arquero table, rows of objects or an
// object of columns) and an options object, returning the element Plot.plot makes.
export {residualsBySegment, type ResidualsBySegmentOptions} from "./residualsBySegment.js";
export {predictedVsActual, type PredictedVsActualOptions} from "./predictedVsActual.js";
export {residualsVsPredicted, type ResidualsVsPredictedOptions} from "./residualsVsPredicted.js";
export {elbowPlot, type ElbowPlotOptions} from "./elbowPlot.js";
export {clusterScatter, type ClusterScatterOptions, type HighlightPoint} from "./clusterScatter.js";
export {featureImportanceBars, type FeatureImportanceBarsOptions} from "./featureImportanceBars.js";
export {rocCurvePlot, type RocCurvePlotOptions} from "./rocCurvePlot.js";
export {calibrationPlot, type CalibrationPlotOptions} from "./calibrationPlot.js";
export {segmentRatesPlot, type SegmentRatesPlotOptions} from "./segmentRatesPlot.js";
export {bucketShares, probabilityHistogram, type ProbabilityHistogramOptions} from "./probabilityHistogram.js";
export {segmentOverlapHeatmap, type SegmentOverlapHeatmapOptions} from "./segmentOverlapHeatmap.js";
export type {Column, CommonPlotOptions, PlotData, PlotElement, Series, TableLike} from "./data.js";
