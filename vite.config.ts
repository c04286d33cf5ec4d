import {defineConfig} from "vite";
import {notebookPlugin} from "./src/build/notebookPlugin.js";

// A static site: every library bundled, nothing fetched from a CDN, relative paths so any static host works.
export default defineConfig({
  base: "./",
  plugins: [notebookPlugin()],
  build: {
    outDir: process.env.DRILLBOOK_OUT_DIR ?? "dist",
    target: "es2022",
    chunkSizeWarningLimit: 1500
  },
  worker: {format: "es"},
  server: {port: 5173}
});
