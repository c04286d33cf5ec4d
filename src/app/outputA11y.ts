// What cells display, made usable with a screen reader and a keyboard. Plot and Observable Inputs make elements
// that fail WCAG in small ways the drills cannot reach: Plot names each mark's <g> (aria-label="bar") without a role
// that may carry a name; a range input's <label> names only its number box, not the slider beside it; a table's
// row checkboxes have no name; a table scrolls inside its own box, which a keyboard cannot reach when nothing in it
// takes focus. Each is mended here, on the element, as it is displayed.

/** Names what the node holds; called on each new display (and on rows a table adds as it scrolls). */
export function mendDisplay(node: Element): void {
  for (const g of node.querySelectorAll("svg g[aria-label]:not([role])")) g.setAttribute("role", "group");
  // Plot adds a pointer tip's <g aria-label="tip"> to its svg later, on hover: name those as they come.
  for (const svg of node.querySelectorAll<SVGSVGElement>("svg[class^='plot']")) {
    if (svg.dataset.mended) continue;
    svg.dataset.mended = "true";
    new MutationObserver(() => svg.querySelectorAll("g[aria-label]:not([role])").forEach((g) => g.setAttribute("role", "group"))).observe(svg, {childList: true});
  }
  for (const input of node.querySelectorAll<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>("input, select, textarea")) {
    if (input.type === "hidden" || input.labels?.length || input.hasAttribute("aria-label") || input.hasAttribute("aria-labelledby")) continue;
    const name = nameFor(input);
    if (name) input.setAttribute("aria-label", name);
  }
  const tables = [...(node.matches("form[class$='-table']") ? [node] : []), ...node.querySelectorAll("form[class$='-table']")];
  for (const table of tables) mendTable(table as HTMLElement);
}

function nameFor(input: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement): string {
  const row = input.closest("tr");
  if (row) {
    if (row.parentElement?.tagName === "THEAD") return "Select all rows";
    const first = [...row.cells].slice(1).find((c) => c.textContent)?.textContent ?? "";
    return `Select row ${first}`.trim();
  }
  // Observable Inputs: one <label> per form, for its first field (a range's number box): the others are its slider.
  const label = input.form?.querySelector("label")?.textContent?.trim();
  if (label) return input.type === "range" ? `${label} (slider)` : label;
  return input.getAttribute("placeholder") ?? input.getAttribute("name") ?? "";
}

/** Inputs.table: a box that scrolls. Reachable by Tab, with a name, and new rows named as they arrive. */
function mendTable(table: HTMLElement): void {
  if (table.dataset.mended) return;
  table.dataset.mended = "true";
  table.tabIndex = 0;
  table.setAttribute("role", "region");
  const columns = [...table.querySelectorAll("thead th")].map((th) => th.textContent?.trim()).filter(Boolean);
  table.setAttribute("aria-label", `Table${columns.length ? ` of ${columns.slice(0, 6).join(", ")}${columns.length > 6 ? ", …" : ""}` : ""}`);
  new MutationObserver((records) => {
    for (const r of records) for (const n of r.addedNodes) if (n instanceof Element) mendDisplay(n);
  }).observe(table.querySelector("tbody") ?? table, {childList: true});
}
