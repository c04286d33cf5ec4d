// A plain-text table for the terminal: columns padded to their widest cell, numbers right-aligned.
export function textTable(header: string[], rows: string[][], align: Array<"left" | "right"> = []): string {
  const widths = header.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i] ?? ""))));
  const line = (cells: string[]) =>
    cells.map((c, i) => (align[i] === "right" ? pad(c, widths[i]!, true) : pad(c, widths[i]!, false))).join("  ").trimEnd();
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

function width(s: string): number {
  return [...s].length;
}

function pad(s: string, w: number, right: boolean): string {
  const fill = " ".repeat(Math.max(0, w - width(s)));
  return right ? fill + s : s + fill;
}
