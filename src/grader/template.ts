// The notebook `drillbook new` writes: one data cell and one complete exercise (starter, solution, two checks,
// a hidden check, a wrong answer, two hints), so an instructor starts from something that passes validate and
// shows every part of the format. Plain JavaScript only, so it passes whatever the library becomes.
export function notebookTemplate(id: string, title: string): string {
  const fence = "```";
  return `---
id: ${id}
title: ${JSON.stringify(title)}
summary: One sentence saying what the student will practise.
version: 1
---

# ${title}

Say what this drill is about and what the student will find out by the end. Prose is Markdown, with math
in KaTeX: the mean is $\\bar{x} = \\frac{1}{n}\\sum_{i=1}^{n} x_i$.

## The data

${fence}js id=data
// A small fixed data set. For real drills, generate data from a seed (see docs/authoring.md), so every student,
// the grader and the tests see the same numbers.
const prices = [12, 15, 9, 22, 17, 11, 30, 14];
display(prices);
${fence}

## Your turn

::: exercise id=mean-price points=1 title="The average price" vary="prices"

Compute \`meanPrice\`, the mean of \`prices\`.

${fence}js starter
const meanPrice = todo("add up the prices and divide by how many there are");
${fence}

${fence}js solution
const meanPrice = prices.reduce((a, b) => a + b, 0) / prices.length;
${fence}

${fence}js check name=is-a-number message="meanPrice is a number"
assert.ok(typeof meanPrice === "number" && Number.isFinite(meanPrice), \`\\\`meanPrice\\\` is \${meanPrice}, expected a number\`);
${fence}

${fence}js check name=correct message="meanPrice is the mean of the prices"
assert.close(meanPrice, 16.25, "meanPrice", {because: meanPrice === 130 ? "you added the prices but did not divide by how many there are" : "divide the sum of the prices by prices.length"});
${fence}

${fence}js hidden-check name=follows-the-data message="meanPrice is computed from prices, so other prices give their mean"
assert.close(meanPrice, prices.reduce((a, b) => a + b, 0) / prices.length, "meanPrice");
// probe runs your code again with other prices (the exercise lists vary="prices"): a number typed in stays the same.
const again = (await probe({prices: [10, 20, 60]})).meanPrice;
assert.close(again, 30, "meanPrice for the prices [10, 20, 60]", {because: "compute meanPrice from prices rather than typing the number in"});
${fence}

${fence}js wrong check=correct label="the sum, not the mean"
const meanPrice = prices.reduce((a, b) => a + b, 0);
${fence}

::: hint
Add the prices up with \`prices.reduce((a, b) => a + b, 0)\`.
:::

::: hint
Then divide that sum by \`prices.length\`.
:::

:::

## What's next

Write what the student should take away, and where to go next.
`;
}

export function titleFromId(id: string): string {
  const words = id.split("-").filter(Boolean).join(" ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}
