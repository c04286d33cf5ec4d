import {defineConfig} from "vite";
import {libraryDocsPlugin} from "./src/build/libraryDocsPlugin.js";
import {notebookPlugin} from "./src/build/notebookPlugin.js";
import {offlinePlugin} from "./src/build/offlinePlugin.js";

// A static site: every library bundled, nothing fetched from a CDN, relative paths so any static host works.
export default defineConfig({
  base: "./",
  // DRILLBOOK_NOTEBOOKS_DIR: another folder of notebooks (the offline test builds a changed drill from a copy).
  plugins: [notebookPlugin({dir: process.env.DRILLBOOK_NOTEBOOKS_DIR}), libraryDocsPlugin(), offlinePlugin()],
  // The second origin that serves these same files, where notebooks run (src/app/isolation/runtimeOrigin.ts).
  define: {__DRILLBOOK_RUNTIME_ORIGIN__: JSON.stringify(process.env.DRILLBOOK_RUNTIME_ORIGIN ?? "")},
  build: {
    outDir: process.env.DRILLBOOK_OUT_DIR ?? "dist",
    target: "es2022",
    chunkSizeWarningLimit: 1500,
    // index.html: the page (the shell, or the app where no second origin is known); frame.html: the runtime frame.
    rollupOptions: {input: {index: "index.html", frame: "frame.html"}}
  },
  worker: {format: "es"},
  // One address that both localhost and 127.0.0.1 reach: the page on one, its runtime frame on the other.
  server: {port: 5173, host: "127.0.0.1"},
  preview: {host: "127.0.0.1"}
});
