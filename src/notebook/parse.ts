// Parses a notebook Markdown file into a Notebook (pure data). The structure (front matter, code fences,
// `:::` blocks) is read line by line so every error names its line; prose between them goes to markdown-it.
// The syntax is documented in docs/authoring.md.
import {parseAttributes, type Attributes} from "./attributes.js";
import {stripBom} from "./decode.js";
import {readFrontMatter} from "./frontMatter.js";
import {renderMarkdown} from "./markdown.js";
import {extractInline, InlineExpressionError} from "./inlineExpressions.js";
import {
  NotebookError,
  type Block,
  type CellSpec,
  type CheckSpec,
  type Exercise,
  type Notebook,
  type WrongAnswer
} from "./types.js";

export interface ParseOptions {
  /** Strip solutions, hidden checks and wrong answers (the student build). */
  student?: boolean;
}

const FENCE = /^(\s{0,3})(`{3,}|~{3,})\s*(.*)$/;
const DIRECTIVE_OPEN = /^:::\s*([A-Za-z][\w-]*)\s*(.*)$/;
const DIRECTIVE_CLOSE = /^:::\s*$/;
const JS_LANGS = new Set(["js", "javascript"]);
const ID = /^[a-z0-9][a-z0-9-]*$/;
const EXERCISE_ROLES = new Set(["starter", "solution", "check", "hidden-check", "wrong"]);
const CELL_FLAGS = new Set(["hidden", "folded"]);

interface Fence {
  info: Attributes;
  source: string;
  /** 1-based line of the opening fence. */
  line: number;
}

interface OpenExercise {
  exercise: Exercise;
  prompt: string[];
  /** The file line of each prompt line (the prompt's text comes in pieces, between the exercise's cells). */
  promptLines: number[];
  hintOpen: {line: number; text: string[]} | null;
  starterLine: number;
  solutionSeen: boolean;
  /** Every check name, hidden ones included even in the student build, so wrong answers resolve. */
  checkNames: Map<string, number>;
  /** Wrong answers, kept to resolve their target check when the exercise closes. */
  wrongs: WrongAnswer[];
}

export function parseNotebook(text: string, file: string, options: ParseOptions = {}): Notebook {
  const lines = stripBom(text).replace(/\r\n?/g, "\n").split("\n");
  const {meta, bodyStart} = readFrontMatter(lines, file);
  const fail = (line: number, problem: string, fix: string): never => {
    throw new NotebookError(file, line, problem, fix);
  };

  const blocks: Block[] = [];
  const cells: CellSpec[] = [];
  const exercises: Exercise[] = [];
  const cellIds = new Map<string, number>();
  let prose: string[] = [];
  let proseLines: number[] = [];
  let proseLine = bodyStart + 1;
  let open: OpenExercise | null = null;
  let codeCount = 0;

  let inlineCount = 0;
  /** Markdown to HTML, each `${…}` in it becoming an inline expression cell (inlineExpressions.ts). */
  const renderProse = (markdown: string, fileLines: number[]): string => {
    const fileLine = (n: number) => fileLines[n - 1] ?? fileLines.at(-1) ?? bodyStart + 1;
    try {
      const {markdown: text, expressions} = extractInline(markdown, 1, () => `inline-${++inlineCount}`);
      for (const e of expressions) cells.push({id: e.id, role: "code", source: e.source, line: fileLine(e.line), hidden: true, folded: false, inline: true});
      return renderMarkdown(text);
    } catch (e) {
      if (e instanceof InlineExpressionError) fail(fileLine(e.line), e.message, "Write a JavaScript expression, like ${mae.toFixed(0)}, or \\${ for a literal ${");
      throw e;
    }
  };
  const flushProse = () => {
    const textBlock = prose.join("\n");
    if (textBlock.trim()) blocks.push({kind: "prose", html: renderProse(textBlock, proseLines), line: proseLine});
    prose = [];
    proseLines = [];
  };
  const addCellId = (id: string, line: number) => {
    const previous = cellIds.get(id);
    if (previous !== undefined) fail(line, `the cell id "${id}" is used twice (first on line ${previous})`, "Give each cell its own id");
    cellIds.set(id, line);
  };

  for (let i = bodyStart; i < lines.length; i++) {
    const line = lines[i]!;
    const lineNo = i + 1;
    const fenceMatch = FENCE.exec(line);
    if (fenceMatch) {
      const fence = readFence(lines, i, fenceMatch, fail);
      const lang = fence.info.words[0]?.toLowerCase();
      if (!lang || !JS_LANGS.has(lang)) {
        // Not a cell: a code sample in the prose (```python, ```text, ...).
        pushText(lines.slice(i, fence.endIndex + 1), i + 1);
        i = fence.endIndex;
        continue;
      }
      i = fence.endIndex;
      const roleWords = fence.info.words.slice(1);
      if (open && !open.hintOpen) {
        handleExerciseFence(open, fence, roleWords);
      } else if (open?.hintOpen) {
        fail(fence.line, "a ```js cell inside a ::: hint block", "Hints are prose: show code in a ```text block, or close the hint with ::: first");
      } else {
        const role = roleWords.find((w) => EXERCISE_ROLES.has(w));
        if (role) fail(fence.line, `\`\`\`js ${role} is outside an exercise`, "Put it inside a ::: exercise ... ::: block");
        const unknown = roleWords.find((w) => !CELL_FLAGS.has(w));
        if (unknown) fail(fence.line, `unknown cell option "${unknown}"`, "Cell options are hidden, folded and id=...");
        const unknownKey = [...fence.info.values.keys()].find((k) => k !== "id");
        if (unknownKey) fail(fence.line, `unknown cell attribute "${unknownKey}"`, "The only cell attribute is id=...");
        flushProse();
        codeCount++;
        const id = fence.info.values.get("id") ?? `cell-${codeCount}`;
        if (!ID.test(id)) fail(fence.line, `the cell id "${id}" is not valid`, "Use lowercase letters, digits and dashes");
        addCellId(id, fence.line);
        cells.push({
          id,
          role: "code",
          source: fence.source,
          line: fence.line + 1,
          hidden: roleWords.includes("hidden"),
          folded: roleWords.includes("folded")
        });
        blocks.push({kind: "cell", cellId: id});
        proseLine = fence.endIndex + 2;
      }
      continue;
    }

    const close = DIRECTIVE_CLOSE.test(line);
    const openMatch = close ? null : DIRECTIVE_OPEN.exec(line);
    if (close) {
      if (open?.hintOpen) {
        open.exercise.hints.push(renderMarkdown(open.hintOpen.text.join("\n")));
        if (!open.hintOpen.text.join("").trim()) fail(open.hintOpen.line, "this hint is empty", "Write the hint's text between ::: hint and :::");
        open.hintOpen = null;
      } else if (open) {
        finishExercise(open);
        open = null;
        proseLine = lineNo + 1;
      } else {
        fail(lineNo, "a closing ::: with no open block", "Remove it, or open a block above with ::: exercise");
      }
      continue;
    }
    if (openMatch) {
      const [, name, rest] = openMatch;
      const attrs = parseAttributes(rest ?? "");
      if (typeof attrs === "string") fail(lineNo, `in ::: ${name}, ${attrs}`, "Write attributes as key=value or key=\"a value with spaces\"");
      const a = attrs as Attributes;
      if (name === "exercise") {
        if (open) fail(lineNo, `an exercise opens inside exercise "${open.exercise.id}" (line ${open.exercise.line})`, "Close the first exercise with ::: before opening the next");
        flushProse();
        open = startExercise(a, lineNo);
      } else if (name === "hint") {
        if (!open) fail(lineNo, "a ::: hint outside an exercise", "Move the hint inside its ::: exercise block");
        if (open!.hintOpen) fail(lineNo, `a hint opens inside the hint of line ${open!.hintOpen.line}`, "Close the first hint with ::: first");
        open!.hintOpen = {line: lineNo, text: []};
      } else {
        fail(lineNo, `unknown block "::: ${name}"`, "The blocks are ::: exercise and ::: hint (inside an exercise)");
      }
      continue;
    }
    pushText([line], lineNo);
  }

  if (open) {
    if (open.hintOpen) fail(open.hintOpen.line, "this hint is never closed", "Add a line with ::: after the hint's text");
    fail(open.exercise.line, `exercise "${open.exercise.id}" is never closed`, "Add a line with ::: after its last hint or check");
  }
  flushProse();
  if (cells.length === 0) fail(bodyStart + 1, "the notebook has no ```js cells", "Add at least one ```js cell");

  return {...meta, file, blocks, cells, exercises, studentBuild: Boolean(options.student)};

  function pushText(chunk: string[], firstLine: number) {
    if (open?.hintOpen) open.hintOpen.text.push(...chunk);
    else if (open) {
      open.prompt.push(...chunk);
      open.promptLines.push(...chunk.map((_, k) => firstLine + k));
    } else {
      prose.push(...chunk);
      proseLines.push(...chunk.map((_, k) => firstLine + k));
    }
  }

  function startExercise(a: Attributes, lineNo: number): OpenExercise {
    const id = a.values.get("id") ?? a.words[0];
    if (!id) fail(lineNo, "the exercise has no id", "Write ::: exercise id=my-exercise points=1 title=\"What the student does\"");
    if (!ID.test(id!)) fail(lineNo, `the exercise id "${id}" is not valid`, "Use lowercase letters, digits and dashes");
    const title = a.values.get("title");
    if (!title) fail(lineNo, `exercise "${id}" has no title`, "Add title=\"What the student does\"");
    const pointsText = a.values.get("points") ?? "1";
    const points = Number(pointsText);
    if (!Number.isFinite(points) || points <= 0) fail(lineNo, `exercise "${id}" has points=${pointsText}`, "Give points as a positive number, like points=2");
    const kind = a.values.get("kind") ?? "code";
    if (kind !== "code" && kind !== "text") fail(lineNo, `exercise "${id}" has kind=${kind}`, "kind is code (the default) or text (a free-text answer)");
    const unknown = [...a.values.keys()].find((k) => !["id", "title", "points", "kind", "vary", "answer"].includes(k));
    if (unknown) fail(lineNo, `unknown exercise attribute "${unknown}"`, "Exercise attributes are id, title, points, kind, vary and answer");
    const vary = (a.values.get("vary") ?? "").split(/[\s,]+/).filter(Boolean);
    const badName = vary.find((n) => !/^[A-Za-z_$][\w$]*$/.test(n));
    if (badName !== undefined) fail(lineNo, `exercise "${id}" has vary naming "${badName}"`, "List the names a probe may vary, like vary=\"n\" or vary=\"yTest yPred\"");
    const answer = a.values.get("answer") ?? "computed";
    if (answer !== "computed" && answer !== "typed") fail(lineNo, `exercise "${id}" has answer=${answer}`, "answer is computed (the default: validate proves a hard-coded copy of the solution's values fails) or typed (a fact the student reads off the page)");
    addCellId(id!, lineNo);
    const exercise: Exercise = {
      id: id!, title: title!, points, line: lineNo, kind: kind as Exercise["kind"], vary, answer: answer as Exercise["answer"],
      starter: "", checks: [], hiddenChecks: [], hints: [], wrongAnswers: []
    };
    return {exercise, prompt: [], promptLines: [], hintOpen: null, starterLine: 0, solutionSeen: false, checkNames: new Map(), wrongs: []};
  }

  function handleExerciseFence(o: OpenExercise, fence: Fence, words: string[]) {
    const ex = o.exercise;
    const roles = words.filter((w) => EXERCISE_ROLES.has(w));
    const other = words.find((w) => !EXERCISE_ROLES.has(w));
    if (other) fail(fence.line, `unknown option "${other}" on a cell in exercise "${ex.id}"`, "Inside an exercise, cells are ```js starter, solution, check, hidden-check or wrong");
    if (roles.length !== 1) {
      fail(fence.line, roles.length ? `a cell with two roles (${roles.join(", ")})` : `a \`\`\`js cell without a role in exercise "${ex.id}"`,
        "Inside an exercise, mark each cell as one of starter, solution, check, hidden-check, wrong");
    }
    const role = roles[0]!;
    const allowed: Record<string, string[]> = {starter: [], solution: [], check: ["name", "message"], "hidden-check": ["name", "message"], wrong: ["check", "label"]};
    const badKey = [...fence.info.values.keys()].find((k) => !allowed[role]!.includes(k));
    if (badKey) fail(fence.line, `"${badKey}" is not an attribute of a ${role} cell`, allowed[role]!.length ? `A ${role} cell takes ${allowed[role]!.join(" and ")}` : `A ${role} cell takes no attributes`);
    const line = fence.line + 1;
    if (role === "starter") {
      if (o.starterLine) fail(fence.line, `exercise "${ex.id}" has a second starter (the first is on line ${o.starterLine})`, "Keep one starter cell per exercise");
      o.starterLine = fence.line;
      ex.starter = fence.source;
      cells.push({id: ex.id, role: "exercise", source: fence.source, line, hidden: false, folded: false, exerciseId: ex.id});
    } else if (role === "solution") {
      if (o.solutionSeen) fail(fence.line, `exercise "${ex.id}" has a second solution`, "Keep one solution cell per exercise");
      o.solutionSeen = true;
      if (!options.student) {
        ex.solution = fence.source;
        ex.solutionLine = line;
      }
    } else if (role === "check" || role === "hidden-check") {
      const name = fence.info.values.get("name");
      if (!name || !ID.test(name)) fail(fence.line, name ? `the check name "${name}" is not valid` : "a check without a name", "Name it with name=what-it-checks (lowercase letters, digits, dashes)");
      const twin = o.checkNames.get(name!);
      if (twin) fail(fence.line, `exercise "${ex.id}" has two checks named "${name}" (the other on line ${twin})`, "Give each check its own name");
      o.checkNames.set(name!, fence.line);
      const message = fence.info.values.get("message");
      if (!message) fail(fence.line, `check "${name}" has no message`, "Add message=\"what the check wants, in a sentence\"");
      if (!fence.source.trim()) fail(fence.line, `check "${name}" is empty`, "Write the assertions the check makes, like assert.equal(total, 385, \"total\")");
      const check: CheckSpec = {name: name!, message: message!, source: fence.source, line, hidden: role === "hidden-check"};
      if (role === "check") ex.checks.push(check);
      else if (!options.student) ex.hiddenChecks.push(check);
    } else {
      const check = fence.info.values.get("check");
      if (!check) fail(fence.line, "a wrong answer that names no check", "Add check=the-check-name it must fail");
      const wrong: WrongAnswer = {check: check!, label: fence.info.values.get("label") ?? `wrong answer on line ${fence.line}`, source: fence.source, line};
      o.wrongs.push(wrong);
      if (!options.student) ex.wrongAnswers.push(wrong);
    }
  }

  function finishExercise(o: OpenExercise) {
    const ex = o.exercise;
    if (!o.starterLine) fail(ex.line, `exercise "${ex.id}" has no starter`, "Add a ```js starter cell with the code the student begins from");
    if (!o.solutionSeen) fail(ex.line, `exercise "${ex.id}" has no solution`, "Add a ```js solution cell: validate proves the checks pass on it");
    if (!ex.checks.length) fail(ex.line, `exercise "${ex.id}" has no check`, "Add a ```js check name=... message=\"...\" cell: students see it turn green");
    if (ex.hints.length < 1) fail(ex.line, `exercise "${ex.id}" has no hint`, "Add at least one ::: hint ... ::: block");
    for (const wrong of o.wrongs) {
      if (!o.checkNames.has(wrong.check)) {
        fail(wrong.line - 1, `the wrong answer targets check "${wrong.check}", which exercise "${ex.id}" does not have`, `Name one of: ${[...o.checkNames.keys()].join(", ")}`);
      }
    }
    exercises.push(ex);
    blocks.push({kind: "exercise", exerciseId: ex.id, promptHtml: renderProse(o.prompt.join("\n"), o.promptLines)});
  }
}

/** Reads a fenced block starting at index i; returns its info, source and the index of the closing fence. */
function readFence(
  lines: string[],
  i: number,
  match: RegExpExecArray,
  fail: (line: number, problem: string, fix: string) => never
): Fence & {endIndex: number} {
  const [, indent, marker, infoText] = match;
  const info = parseAttributes(infoText ?? "");
  if (typeof info === "string") fail(i + 1, `in the fence's options, ${info}`, "Write options as words, key=value or key=\"a value with spaces\"");
  const char = marker![0] === "`" ? "`" : "~";
  const closing = new RegExp(`^\\s{0,3}${char}{${marker!.length},}\\s*$`);
  // A fence with a language inside the block (```js), or a ::: line inside a cell, is almost surely the next block:
  // this one was never closed. CommonMark would read on as code and swallow the prose (and cells) up to the next bare
  // fence, so the mistake would surface far below as a syntax error; it is reported here, where the block opens.
  const nextOpening = new RegExp(`^\\s{0,3}${char}{${marker!.length},}\\s*[^\\s${char}]`);
  const isCell = JS_LANGS.has((info as Attributes).words?.[0]?.toLowerCase() ?? "");
  const unclosed = (why: string): never =>
    fail(i + 1, `the code block opened here is never closed (${why})`, `Add a line with ${marker} after its last line`);
  for (let j = i + 1; j < lines.length; j++) {
    const line = lines[j]!;
    if (closing.test(line)) {
      const body = lines.slice(i + 1, j).map((l) => (indent && l.startsWith(indent) ? l.slice(indent.length) : l));
      return {info: info as Attributes, source: body.join("\n"), line: i + 1, endIndex: j};
    }
    if (nextOpening.test(line)) unclosed(`line ${j + 1} opens another one`);
    if (isCell && /^:::/.test(line)) unclosed(`line ${j + 1} is a ::: line`);
  }
  return unclosed("the file ends inside it");
}
