declare module "virtual:drillbook/notebooks" {
  import type {NotebookSummary} from "../build/notebookPlugin.js";
  export const notebooks: NotebookSummary[];
  export const loaders: Record<string, () => Promise<{default: unknown}>>;
}

declare module "virtual:drillbook/library-docs" {
  import type {LibraryEntry} from "../build/libraryDocs.js";
  const entries: LibraryEntry[];
  export default entries;
}
