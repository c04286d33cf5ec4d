// Renders prose (Markdown with $inline$ and $$display$$ math) to HTML. Runs in Node at build time, so the page
// ships neither markdown-it nor KaTeX's JavaScript, only KaTeX's stylesheet.
import MarkdownIt from "markdown-it";
import katexPlugin from "@vscode/markdown-it-katex";

type Renderer = InstanceType<typeof MarkdownIt>;
let renderer: Renderer | undefined;

function markdown(): Renderer {
  if (!renderer) {
    // html: the prose is the instructor's own file, trusted like the notebook's code.
    renderer = new MarkdownIt({html: true, linkify: true, typographer: true});
    const plugin = (katexPlugin as unknown as {default?: unknown}).default ?? katexPlugin;
    renderer.use(plugin as Parameters<Renderer["use"]>[0], {throwOnError: false});
  }
  return renderer;
}

export function renderMarkdown(text: string): string {
  // A code sample in the prose scrolls sideways when its lines are long: keyboard users must be able to reach it
  // to scroll it (axe's scrollable-region-focusable found one in churn-ltv).
  return markdown().render(text).replace(/<pre(?=[ >])/g, '<pre tabindex="0"');
}
