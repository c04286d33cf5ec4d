declare module "virtual:drillbook/notebooks" {
  import type {NotebookSummary} from "../build/notebookPlugin.js";
  export const notebooks: NotebookSummary[];
  export const loaders: Record<string, () => Promise<{default: unknown}>>;
}
