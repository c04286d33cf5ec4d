// Joins the parts of a random forest grown in several workers at once (see fitInWorker).
import {LibraryInputError, type ModelJSON} from "../base.js";
import {normalise} from "../trees/common.js";

/** Model types whose fit can be split by tree ranges (fit option treeRange). */
export const SPLITTABLE_FORESTS = new Set(["RandomForestRegressor", "RandomForestClassifier"]);

/**
 * Join forests grown on tree ranges [0, a), [a, b), ... of one forest (same settings, same data) into the JSON of
 * the whole forest: its trees in order, so it predicts exactly as a forest grown in one piece. Importances are each
 * part's (normalised) importances weighted by its number of trees with a split, which is the sum the single fit
 * normalises (equal to it up to rounding in the last digit).
 */
export function mergeForestJSON(parts: ModelJSON[]): ModelJSON {
  if (parts.length === 0) throw new LibraryInputError("mergeForestJSON needs at least one part");
  const first = parts[0];
  const trees: unknown[] = [];
  let imp: Float64Array | null = null;
  let withSplits = 0;
  let leaves = 0;
  let depth = 0;
  let seconds = 0;
  for (const part of parts) {
    if (part.type !== first.type) throw new LibraryInputError(`mergeForestJSON: parts of types ${first.type} and ${part.type}`);
    const st = part.state as {nFeatures: number; trees: unknown[]; featureImportances: ArrayLike<number>};
    const sum = part.meta.summary as {treesWithSplits?: number; meanLeaves?: number; maxDepth?: number; fitSeconds?: number};
    imp ??= new Float64Array(st.nFeatures);
    const k = sum.treesWithSplits ?? st.trees.length;
    for (let j = 0; j < imp.length; j++) imp[j] += k * st.featureImportances[j];
    withSplits += k;
    leaves += (sum.meanLeaves ?? 0) * st.trees.length;
    depth = Math.max(depth, sum.maxDepth ?? 0);
    seconds = Math.max(seconds, sum.fitSeconds ?? 0);
    trees.push(...st.trees);
  }
  return {
    ...first,
    state: {...first.state, trees, featureImportances: Array.from(normalise(imp!))},
    meta: {
      ...first.meta,
      summary: {
        ...first.meta.summary,
        nEstimators: trees.length,
        treesWithSplits: withSplits,
        meanLeaves: leaves / trees.length,
        maxDepth: depth,
        fitSeconds: seconds,
        workers: parts.length
      }
    }
  };
}
