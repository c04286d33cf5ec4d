// Shows what a cell displayed: DOM nodes (plots, inputs, tables) as they are, other values with Observable's
// Inspector (expandable objects and arrays, as in Observable notebooks).
import {Inspector} from "@observablehq/inspector";
import {mendDisplay} from "./outputA11y.js";

export function renderDisplays(container: HTMLElement, values: readonly unknown[]): void {
  // Keep nodes that are still displayed (an input being dragged must not be replaced under the pointer).
  const keep = new Set(values.filter((v): v is Node => v instanceof Node));
  for (const child of [...container.childNodes]) {
    if (!keep.has(child)) child.remove();
  }
  let prev: ChildNode | null = null;
  for (const value of values) {
    let node: Node;
    if (value instanceof Node) {
      node = value;
    } else {
      const div = document.createElement("div");
      div.className = "inspector";
      new Inspector(div).fulfilled(value);
      node = div;
    }
    const anchor: ChildNode | null = prev ? prev.nextSibling : container.firstChild;
    if (node !== anchor) {
      container.insertBefore(node, anchor);
      if (node instanceof Element) mendDisplay(node);
    }
    prev = node as ChildNode;
  }
}
