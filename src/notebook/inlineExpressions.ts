// Inline expressions in prose: `${…}` in a sentence, as Observable Framework has. Each becomes a cell of its own
// (an expression, reactive like any cell: it re-runs when what it reads changes) and a span where the page shows its
// value. So a drill whose data depends on the student's seed tells each student the story of their own numbers:
// "the model's MAE is ${fmt(mae)}" reads "$172" for one student and "$168" for the next.
//
// Not in code: a `${` inside a code span (`…`) or a fenced code sample stays text, as does one escaped as `\${`.

export interface InlineExpression {
  id: string;
  source: string;
  /** 1-based line in the file where the expression starts. */
  line: number;
}

export class InlineExpressionError extends Error {
  constructor(
    readonly line: number,
    message: string
  ) {
    super(message);
  }
}

/**
 * Replaces each `${expression}` of a Markdown text by `<span class="inline-expr" data-inline="id"></span>` and
 * returns the expressions. `firstLine` is the file line of the text's first line; `nextId` names each new cell.
 */
export function extractInline(text: string, firstLine: number, nextId: () => string): {markdown: string; expressions: InlineExpression[]} {
  const expressions: InlineExpression[] = [];
  let out = "";
  let i = 0;
  let line = firstLine;
  let fence: string | null = null; // the marker of the fenced code sample we are in
  let lineStart = true;
  while (i < text.length) {
    if (lineStart) {
      // A fence line (opening or closing a code sample) is copied whole; inside the sample, everything is.
      const eol = text.indexOf("\n", i);
      const whole = text.slice(i, eol < 0 ? text.length : eol + 1);
      const m = /^ {0,3}(`{3,}|~{3,})/.exec(whole);
      if (m && (fence === null || (m[1]!.startsWith(fence) && !whole.slice(m[0].length).trim()))) fence = fence === null ? m[1]! : null;
      else if (fence === null) lineStart = false;
      if (lineStart) {
        out += whole;
        i += whole.length;
        line += whole.endsWith("\n") ? 1 : 0;
        continue;
      }
    }
    const c = text[i]!;
    if (c === "\n") {
      line++;
      lineStart = true;
    }
    if (c === "`") {
      // a code span: from a run of backticks to the next run of the same length, verbatim
      const run = /^`+/.exec(text.slice(i))![0];
      const close = text.indexOf(run, i + run.length);
      const end = close < 0 ? i + run.length : close + run.length;
      const span = text.slice(i, end);
      line += span.split("\n").length - 1;
      out += span;
      i = end;
      continue;
    }
    if (c === "$" && text[i + 1] === "{" && text[i - 1] !== "\\") {
      const close = closingBrace(text, i + 1);
      if (close < 0) throw new InlineExpressionError(line, "an inline expression ${ is never closed: end it with }");
      const source = text.slice(i + 2, close).trim();
      if (!source) throw new InlineExpressionError(line, "an inline expression ${} is empty: put an expression between the braces");
      const id = nextId();
      expressions.push({id, source, line});
      out += `<span class="inline-expr" data-inline="${id}"></span>`;
      line += text.slice(i, close).split("\n").length - 1;
      i = close + 1;
      continue;
    }
    out += c;
    i++;
  }
  return {markdown: out, expressions};
}

/** The index of the `}` that closes the `{` at `open`, past strings and template literals; -1 if none. */
function closingBrace(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i]!;
    if (c === "{") depth++;
    else if (c === "}") {
      if (--depth === 0) return i;
    } else if (c === '"' || c === "'") {
      i = endOfString(text, i, c);
      if (i < 0) return -1;
    } else if (c === "`") {
      i = endOfTemplate(text, i);
      if (i < 0) return -1;
    }
  }
  return -1;
}

function endOfString(text: string, start: number, quote: string): number {
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === "\\") i++;
    else if (text[i] === quote) return i;
  }
  return -1;
}

function endOfTemplate(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === "\\") i++;
    else if (text[i] === "`") return i;
    else if (text[i] === "$" && text[i + 1] === "{") {
      i = closingBrace(text, i + 1);
      if (i < 0) return -1;
    }
  }
  return -1;
}
