// Which cells may run later than the rest. A cell the student sees, outside exercises, that defines no names (a
// plot, a table, a message) cannot be read by any other cell or check, so running it when it scrolls into view
// changes nothing but when its output appears. The page uses that on open: measured on the welcome notebook cold,
// its one plot below the first screen (Plot's 123 KB gzip chunk, then its first render) kept the main thread busy
// ~120 ms of the ~410 ms to idle.
import type {CellProgram, CellSpec} from "../notebook/types.js";

export function isDisplayOnly(spec: Pick<CellSpec, "role" | "hidden">, program: Pick<CellProgram, "outputs"> | null): boolean {
  return spec.role === "code" && !spec.hidden && !!program && program.outputs.length === 0;
}
