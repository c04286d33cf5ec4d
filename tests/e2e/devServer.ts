// A Vite dev server with the notebook plugin, for specs that test what the dev server shows (malformed and refused
// notebooks). No config file, no watcher; on a free port of 127.0.0.1 (other servers may run on the defaults).
import {createServer, type InlineConfig, type ViteDevServer} from "vite";
import {libraryDocsPlugin} from "../../src/build/libraryDocsPlugin.js";
import {notebookPlugin, type NotebookPluginOptions} from "../../src/build/notebookPlugin.js";

export async function startDevServer(root: string, cacheDir: string, notebooks: NotebookPluginOptions = {}, extra: InlineConfig["server"] = {}): Promise<{server: ViteDevServer; base: string}> {
  const server = await createServer({
    configFile: false,
    root,
    cacheDir,
    plugins: [notebookPlugin(notebooks), libraryDocsPlugin({root: process.cwd()})],
    server: {port: 0, host: "127.0.0.1", strictPort: false, watch: null, ...extra},
    logLevel: "error"
  });
  await server.listen();
  const address = server.httpServer!.address();
  if (!address || typeof address === "string") throw new Error("dev server has no port");
  return {server, base: `http://127.0.0.1:${address.port}/`};
}
