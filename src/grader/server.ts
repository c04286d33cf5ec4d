// A static file server for the grading page, on a loopback address (127.0.0.1 unless told) and a free port. It
// serves one folder, GET and HEAD only, and nothing outside it.
import {createReadStream, statSync} from "node:fs";
import {createServer} from "node:http";
import type {AddressInfo} from "node:net";
import path from "node:path";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".woff": "font/woff",
  ".woff2": "font/woff2",
  ".ttf": "font/ttf",
  ".wasm": "application/wasm"
};

export interface StaticServer {
  origin: string;
  close(): Promise<void>;
}

export function serveStatic(dir: string, host = "127.0.0.1"): Promise<StaticServer> {
  const root = path.resolve(dir);
  const server = createServer((req, res) => {
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405).end();
      return;
    }
    let file: string;
    try {
      const pathname = decodeURIComponent(new URL(req.url ?? "/", "http://localhost").pathname);
      file = path.resolve(root, "." + pathname);
    } catch {
      res.writeHead(400).end();
      return;
    }
    if (file !== root && !file.startsWith(root + path.sep)) {
      res.writeHead(403).end();
      return;
    }
    let size: number;
    try {
      const stat = statSync(file);
      if (!stat.isFile()) throw new Error("not a file");
      size = stat.size;
    } catch {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, {
      "content-type": TYPES[path.extname(file).toLowerCase()] ?? "application/octet-stream",
      "content-length": size,
      "cache-control": "max-age=3600"
    });
    if (req.method === "HEAD") res.end();
    else createReadStream(file).pipe(res);
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, host, () => {
      const {port} = server.address() as AddressInfo;
      server.unref();
      resolve({
        origin: `http://${host}:${port}`,
        close: () => new Promise<void>((done) => {
          server.closeAllConnections();
          server.close(() => done());
        })
      });
    });
  });
}

/**
 * A server that answers every request with 403 and closes every tunnel: Chromium's proxy in grading, so a page
 * reaches nothing but the addresses that bypass it (see browser.ts).
 */
export function refuseEverything(): Promise<StaticServer> {
  const server = createServer((_req, res) => res.writeHead(403, {"content-type": "text/plain"}).end("the grader allows no network"));
  server.on("connect", (_req, socket) => socket.destroy());
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const {port} = server.address() as AddressInfo;
      server.unref();
      resolve({
        origin: `http://127.0.0.1:${port}`,
        close: () => new Promise<void>((done) => {
          server.closeAllConnections();
          server.close(() => done());
        })
      });
    });
  });
}
