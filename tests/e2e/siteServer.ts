// A built site served as `vite preview` serves it, on a port of its own, that a test can take down (the network
// gone, not only emulated: an emulated offline may not reach a service worker's own fetches) and bring back on the
// same port with another build (same origins, so the same service workers and saved work).
import path from "node:path";
import {preview, type PreviewServer} from "vite";

/** The site the e2e suite runs against (built by `vite build` before the specs, as playwright.config.ts says). */
export const E2E_DIST = path.resolve(process.env.DRILLBOOK_OUT_DIR ?? "dist");

export interface Site {
  /** http://127.0.0.1:<port>/ (the page's origin; the runtime frame's is localhost on the same port). */
  base: string;
  port: number;
  close(): Promise<void>;
}

/** Serves `dir` on 127.0.0.1: on `port`, or on a free one. */
export async function serveSite(dir: string, port = 0): Promise<Site> {
  const server: PreviewServer = await preview({
    configFile: false,
    root: dir,
    build: {outDir: dir},
    preview: {port, host: "127.0.0.1", strictPort: port !== 0, open: false},
    logLevel: "error"
  });
  const address = server.httpServer.address();
  if (!address || typeof address === "string") throw new Error("the preview server has no port");
  let closed = false;
  return {
    base: `http://127.0.0.1:${address.port}/`,
    port: address.port,
    // (vite's close ends open keep-alive connections too: nothing more reaches this build after it)
    close: async () => {
      if (closed) return;
      closed = true;
      await server.close();
    }
  };
}
