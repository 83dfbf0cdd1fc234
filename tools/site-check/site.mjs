// What the browser checks of a built site share: the built pages served over HTTP on 127.0.0.1
// as the simplest static host serves them, the list of pages, and Chromium kept off the network.

import { createServer } from 'node:http';
import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import process from 'node:process';
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.xml': 'application/xml',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.pdf': 'application/pdf',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

// Every .html file under `root`, as URL paths (`/id/negara/index.html` -> `/id/negara/`), sorted.
export async function listPages(root) {
  const pages = [];
  async function walk(dir) {
    const entries = await readdir(dir, { withFileTypes: true });
    for (const e of entries) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) await walk(full);
      else if (e.isFile() && e.name.endsWith('.html')) {
        const rel = '/' + path.relative(root, full).split(path.sep).join('/');
        pages.push(rel.endsWith('/index.html') ? rel.slice(0, -'index.html'.length) : rel);
      }
    }
  }
  await walk(root);
  return pages.sort();
}

// A static file server for `root`, like the simplest static host: `/x/` serves `/x/index.html`,
// a missing file gets the site's 404.html (if any) with status 404.
export function serve(root) {
  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url, 'http://127.0.0.1');
      let rel = decodeURIComponent(url.pathname);
      if (rel.endsWith('/')) rel += 'index.html';
      const file = path.join(root, path.normalize(rel));
      if (!file.startsWith(root + path.sep)) throw Object.assign(new Error('outside'), { code: 'ENOENT' });
      let body;
      try {
        if ((await stat(file)).isDirectory()) {
          res.writeHead(301, { Location: url.pathname + '/' });
          return res.end();
        }
        body = await readFile(file);
      } catch (e) {
        if (e.code !== 'ENOENT' && e.code !== 'ENOTDIR') throw e;
        const notFound = await readFile(path.join(root, '404.html')).catch(() => 'not found');
        res.writeHead(404, { 'Content-Type': TYPES['.html'] });
        return res.end(notFound);
      }
      const type = TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream';
      res.writeHead(200, { 'Content-Type': type });
      res.end(body);
    } catch (e) {
      res.writeHead(500);
      res.end(String(e));
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

// Headless Chromium, as every check launches it.
export function launch() {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}

// Keeps a browser context off the network: only our server answers.
export function offline(context, origin) {
  return context.route('**/*', (route) =>
    route.request().url().startsWith(origin + '/') ? route.continue() : route.abort('blockedbyclient'),
  );
}

// `root` as an absolute path, or exit 2 naming `tool` when it is not a built site.
export async function siteRoot(tool, dir) {
  const root = path.resolve(dir);
  if (!(await stat(root).catch(() => null))?.isDirectory()) {
    console.error(`${tool}: ${dir}: not a folder (build the site first)`);
    process.exit(2);
  }
  return root;
}
