// Visual check of the library's plots: renders each one (in Node, with jsdom) on data shaped like the drills',
// writes one HTML page with all of them, and screenshots each with Playwright driving Chromium.
//
//   npx tsx tests/visual/render-plots.ts [outDir]      (default /tmp/drillbook-plots; CHROMIUM=/path overrides)
//
// Look at the PNGs after changing a plot: overlapping labels, clipped tick labels and unreadable colours do not
// fail a unit test.

import {mkdirSync, writeFileSync} from "node:fs";
import {join} from "node:path";
import {JSDOM} from "jsdom";
import {chromium} from "playwright-core";
import {HEADLESS_CHROMIUM_ARGS} from "../../src/grader/chromiumFeatures.js";
import * as aq from "arquero";
import {
  calibrationPlot,
  clusterScatter,
  elbowPlot,
  featureImportanceBars,
  predictedVsActual,
  residualsBySegment,
  residualsVsPredicted,
  rocCurvePlot
} from "../../src/lib/plots/index.js";
import {
  GradientBoostingRegressor,
  KMeans,
  LinearRegression,
  LogisticRegression,
  SESSION_FEATURES,
  elbowCurve,
  hiddenSegments,
  mallCustomers,
  numericColumn,
  permutationImportance,
  sessions,
  toMatrix,
  trainTestSplit
} from "../../src/lib/index.js";

const outDir = process.argv[2] ?? "/tmp/drillbook-plots";
mkdirSync(outDir, {recursive: true});
const {document} = new JSDOM("<!doctype html><html><body></body></html>").window;

// A small deterministic generator (mulberry32 + Box–Muller): enough for pictures, independent of src/lib/random.
let state = 12345;
const uniform = () => {
  state = (state + 0x6d2b79f5) | 0;
  let t = Math.imul(state ^ (state >>> 15), 1 | state);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const normal = () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());

// Customers in three segments, with a model that fits Standard well and misses Premium's curve and Enterprise's scale.
const segments: string[] = [];
const actual: number[] = [];
const predicted: number[] = [];
for (let i = 0; i < 600; i++) {
  const u = uniform();
  const seg = u < 0.7 ? "Standard" : u < 0.9 ? "Premium" : "Enterprise";
  const tenure = 1 + uniform() * 60;
  const truth =
    seg === "Standard" ? 200 + 30 * tenure + 80 * normal() : seg === "Premium" ? 500 + 1.2 * tenure ** 2 + 150 * normal() : 9000 + 250 * tenure + 1500 * normal();
  const pred = seg === "Enterprise" ? truth * 0.6 + 1500 * normal() : 300 + 45 * tenure + 120 * normal();
  segments.push(seg);
  actual.push(Math.max(10, truth));
  predicted.push(Math.max(10, pred));
}
const customers = aq.table({segment: segments, ltv: actual, ltv_pred: predicted});

// Mall customers in five groups, and k-means-like centres.
const groups = [
  [25, 20],
  [25, 80],
  [55, 50],
  [88, 18],
  [88, 82]
] as const;
const income: number[] = [];
const score: number[] = [];
const cluster: number[] = [];
for (let i = 0; i < 200; i++) {
  const g = i % 5;
  income.push(groups[g]![0] + 7 * normal());
  score.push(Math.min(100, Math.max(1, groups[g]![1] + 8 * normal())));
  cluster.push(g);
}
const centers = groups.map((_, g) => {
  const idx = cluster.flatMap((c, i) => (c === g ? [i] : []));
  return [idx.reduce((a, i) => a + income[i]!, 0) / idx.length, idx.reduce((a, i) => a + score[i]!, 0) / idx.length];
});

// A classifier's probabilities: two models, one sharper and over-confident.
const yTrue: number[] = [];
const pLogistic: number[] = [];
const pForest: number[] = [];
for (let i = 0; i < 2000; i++) {
  const z = 2 * normal();
  const y = uniform() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
  yTrue.push(y);
  pLogistic.push(1 / (1 + Math.exp(-(z + 0.8 * normal()))));
  pForest.push(1 / (1 + Math.exp(-2 * (z + 1.6 * normal()))));
}

const sessionFeatures = [
  "engagement_depth",
  "is_repeat_session",
  "hour_of_day",
  "is_weekend",
  "device_type_mobile",
  "utm_source_google",
  "utm_source_facebook",
  "utm_source_email",
  "landing_page_product",
  "landing_page_home",
  "landing_page_sale",
  "utm_source_direct"
];
const importance = [0.41, 0.12, 0.06, 0.01, 0.04, 0.03, 0.02, 0.015, 0.05, 0.01, 0.008, -0.004];
const importanceStd = importance.map((v) => Math.abs(v) * 0.15 + 0.003);

// The drills' own data, through the library's models.
const [train, test] = trainTestSplit(hiddenSegments({n: 2000, seed: 42}), {testSize: 0.3, randomState: 42});
const features = ["tenure_months", "monthly_spend", "orders"];
const lr = new LinearRegression().fit(toMatrix(train, features), numericColumn(train, "ltv"));
const drillTest = test.assign({ltv_pred: Array.from(lr.predict(toMatrix(test, features)))});
const mall = mallCustomers({n: 200, seed: 42});
const mallX = toMatrix(mall, ["annual_income", "spending_score"]);
const km = new KMeans({nClusters: 5, randomState: 42}).fit(mallX);

const visits = sessions({n: 30000, seed: 42});
const [vTrain, vTest] = trainTestSplit(visits, {testSize: 0.3, randomState: 0});
const clf = new LogisticRegression().fit(toMatrix(vTrain, SESSION_FEATURES), numericColumn(vTrain, "is_ordered"));
const pOrder = clf.predictProba(toMatrix(vTest, SESSION_FEATURES));
const orders = visits.filter((d: {revenue: number}) => d.revenue > 0);
const [oTrain, oTest] = trainTestSplit(orders, {testSize: 0.3, randomState: 0});
const gbr = new GradientBoostingRegressor({nEstimators: 40, randomState: 0}).fit(toMatrix(oTrain, SESSION_FEATURES), numericColumn(oTrain, "revenue"));
const imp = permutationImportance(gbr, toMatrix(oTest, SESSION_FEATURES), numericColumn(oTest, "revenue"), {nRepeats: 3, randomState: 0});

const plots: Array<[string, Element]> = [
  [
    "drill-featureImportanceBars",
    featureImportanceBars({feature: [...SESSION_FEATURES], importance: imp.importancesMean, std: imp.importancesStd}, {title: "What drives order value", xLabel: "Drop in R² when shuffled", document})
  ],
  ["drill-rocCurvePlot", rocCurvePlot({yTrue: numericColumn(vTest, "is_ordered"), scores: pOrder}, {threshold: 0.1, title: "Will this session order?", document})],
  ["drill-calibrationPlot", calibrationPlot({yTrue: numericColumn(vTest, "is_ordered"), probs: pOrder}, {strategy: "quantile", title: "Logistic regression calibration", document})],
  ["drill-predictedVsActual-orders", predictedVsActual({actual: numericColumn(oTest, "revenue"), predicted: gbr.predict(toMatrix(oTest, SESSION_FEATURES))}, {unit: "$", title: "Order value", document})],
  ["drill-predictedVsActual", predictedVsActual(drillTest, {actual: "ltv", predicted: "ltv_pred", unit: "$", title: "hiddenSegments: one line for everyone", document})],
  ["drill-residualsBySegment", residualsBySegment(drillTest, {actual: "ltv", predicted: "ltv_pred", unit: "$", segmentOrder: ["Standard", "Premium", "Enterprise"], document})],
  [
    "drill-clusterScatter",
    clusterScatter(mall, {
      x: "annual_income",
      y: "spending_score",
      cluster: km.labels!,
      centers: km.clusterCenters!,
      highlight: {x: 70, y: 60, label: `this customer: cluster ${km.predict([[70, 60]])[0]}`},
      xLabel: "Annual income (k$)",
      yLabel: "Spending score (1–100)",
      document
    })
  ],
  ["drill-elbowPlot", elbowPlot(elbowCurve(mallX, [1, 2, 3, 4, 5, 6, 7, 8], {randomState: 42}), {chosenK: 5, document})],
  [
    "residualsBySegment",
    residualsBySegment(customers, {actual: "ltv", predicted: "ltv_pred", unit: "$", title: "Residuals by segment", document})
  ],
  [
    "predictedVsActual",
    predictedVsActual(customers, {actual: "ltv", predicted: "ltv_pred", segment: "segment", unit: "$", title: "Predicted vs actual LTV", document})
  ],
  [
    "predictedVsActual-log",
    predictedVsActual(customers, {actual: "ltv", predicted: "ltv_pred", segment: "segment", unit: "$", log: true, title: "Predicted vs actual LTV (log axes)", document})
  ],
  [
    "residualsVsPredicted",
    residualsVsPredicted({actual, predicted, segment: segments}, {unit: "$", title: "Residuals vs predicted", document})
  ],
  [
    "elbowPlot",
    elbowPlot(
      {k: [1, 2, 3, 4, 5, 6, 7, 8], inertia: [31703.5, 16262.2, 8552.5, 1227.7, 1100.9, 987.5, 888.7, 788.9]},
      {chosenK: 4, title: "Elbow curve", document}
    )
  ],
  [
    "clusterScatter",
    clusterScatter(
      {income, score, cluster},
      {
        x: "income",
        y: "score",
        centers,
        highlight: {x: 62, y: 44, label: "new customer → cluster 2"},
        xLabel: "Annual income (k$)",
        yLabel: "Spending score (1–100)",
        title: "Mall customers, k = 5",
        document
      }
    )
  ],
  ["clusterScatter-plain", clusterScatter({x: income, y: score, cluster}, {title: "Clusters, no centres (legend)", document})],
  [
    "featureImportanceBars",
    featureImportanceBars({feature: sessionFeatures, importance, std: importanceStd}, {title: "Permutation importance", xLabel: "Drop in R²", document})
  ],
  ["rocCurvePlot", rocCurvePlot({yTrue, scores: pLogistic}, {title: "ROC curve", threshold: 0.5, document})],
  ["rocCurvePlot-compare", rocCurvePlot({yTrue}, {scores: {Logistic: pLogistic, Forest: pForest}, title: "ROC: two models", document})],
  ["calibrationPlot", calibrationPlot({yTrue, probs: pLogistic}, {title: "Calibration", document})],
  [
    "calibrationPlot-compare",
    calibrationPlot({yTrue}, {probs: {Logistic: pLogistic, Forest: pForest}, strategy: "quantile", title: "Calibration: two models", document})
  ]
];

const page = `<!doctype html><html><head><meta charset="utf-8"><style>
body { font-family: system-ui, sans-serif; margin: 16px; background: white; color: #222; }
.shot { display: inline-block; padding: 8px; margin: 8px; }
/* roughly how a notebook page styles a figure's title, subtitle and caption */
figure h2 { font-size: 18px; margin: 0 0 2px; }
figure h3 { font-size: 13px; font-weight: normal; color: #555; margin: 0 0 8px; }
figure figcaption { font-size: 12px; color: #555; }
</style></head><body>
${plots.map(([name, el]) => `<div class="shot" id="${name}">${el.outerHTML}</div>`).join("\n")}
</body></html>`;
writeFileSync(join(outDir, "plots.html"), page);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: [...HEADLESS_CHROMIUM_ARGS]
});
try {
  const tab = await browser.newPage({viewport: {width: 760, height: 900}});
  await tab.setContent(page);
  for (const [name] of plots) {
    await tab.locator(`#${name}`).screenshot({path: join(outDir, `${name}.png`)});
  }
} finally {
  await browser.close();
}
console.log(`wrote ${plots.length} screenshots and plots.html to ${outDir}`);
