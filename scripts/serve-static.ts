import { createReadStream, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { gzipSync } from 'node:zlib';

/**
 * A static file server for the browser checks and benchmarks (node:http only): serves a
 * folder on 127.0.0.1 at a free port, gzip-compressed when the browser accepts it (as any
 * static host would), and counts the compressed bytes of each response, so that a check can
 * say what a page downloaded. Paths outside the folder are refused.
 */

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.map': 'application/json; charset=utf-8',
};

export interface StaticServer {
  readonly url: string;
  /** Bytes sent (after compression) per path, in request order. */
  readonly sent: { path: string; bytes: number }[];
  close(): Promise<void>;
}

export async function serveStatic(folder: string): Promise<StaticServer> {
  const sent: { path: string; bytes: number }[] = [];
  const server: Server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    const file = normalize(join(folder, path.endsWith('/') ? `${path}index.html` : path));
    if (!file.startsWith(normalize(folder + sep)) && file !== normalize(folder)) {
      response.writeHead(403).end();
      return;
    }
    let size: number;
    try {
      const stat = statSync(file);
      if (!stat.isFile()) throw new Error('not a file');
      size = stat.size;
    } catch {
      response.writeHead(404).end();
      return;
    }
    const type = TYPES[extname(file)] ?? 'application/octet-stream';
    const gzip = /\bgzip\b/.test(String(request.headers['accept-encoding'] ?? '')) && !type.startsWith('image/png');
    if (gzip) {
      const body = gzipSync(readFileSync(file), { level: 9 });
      sent.push({ path, bytes: body.length });
      response.writeHead(200, { 'content-type': type, 'content-encoding': 'gzip', 'content-length': body.length, 'cache-control': 'no-store' });
      response.end(body);
    } else {
      sent.push({ path, bytes: size });
      response.writeHead(200, { 'content-type': type, 'content-length': size, 'cache-control': 'no-store' });
      createReadStream(file).pipe(response);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    sent,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
