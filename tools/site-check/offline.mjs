// Reading offline, in a real browser: a copy of the site is built and served
// (gzip, as static hosts serve it); the Indonesian home page's "Save" control
// saves that language; then the network goes (the browser's offline
// emulation, and the server stopped), and every saved page must open from the
// saved copy, say so, and search must still find pages. Last, one page is
// changed and the site built again: with the network back, updating the
// saved copy must fetch only what changed.
//
//   node tools/site-check/offline.mjs LEMBAR SITE-DIR [LANG] [CHANGED-FILE] [QUERY]
//
// Prints one JSON object with what it saw; exit 1 when the browser could not
// be driven. Needs `npm ci` here and Chromium (CHROMIUM_PATH).
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import process from 'node:process';
import zlib from 'node:zlib';
import { chromium } from 'playwright-core';

const [lembar, site, lang = 'id', changed = 'content/about.id.md', query = 'tentang'] = process.argv.slice(2);
const root = mkdtempSync(path.join(tmpdir(), 'lembar-offline-'));
for (const part of ['site.yaml', 'content', 'themes', 'static', 'i18n', 'data']) {
  try { cpSync(path.join(site, part), path.join(root, part), { recursive: true }); } catch { /* optional */ }
}
const build = () => execFileSync(lembar, ['build', '--root', root, '--no-cache'], { stdio: ['ignore', 'ignore', 'inherit'] });
build();
const out = path.join(root, 'public');

const TYPES = { html: 'text/html; charset=utf-8', css: 'text/css', js: 'text/javascript', json: 'application/json',
  webmanifest: 'application/manifest+json', png: 'image/png', svg: 'image/svg+xml', xml: 'application/xml' };
let sent = 0;
// The saved files the page fetched (offline.js marks its requests).
let saving = [];
const sockets = new Set();
const server = http.createServer((req, res) => {
  if (req.headers['x-lembar-offline']) saving.push(new URL(req.url, 'http://x').pathname);
  let file = path.join(out, decodeURIComponent(new URL(req.url, 'http://x').pathname));
  try { if (statSync(file).isDirectory()) file = path.join(file, 'index.html'); } catch { /* 404 below */ }
  let body;
  try { body = readFileSync(file); } catch { res.writeHead(404); res.end(); return; }
  const headers = { 'content-type': TYPES[path.extname(file).slice(1)] || 'application/octet-stream' };
  if (/\bgzip\b/.test(req.headers['accept-encoding'] || '')) {
    body = zlib.gzipSync(body);
    headers['content-encoding'] = 'gzip';
  }
  sent += body.length;
  res.writeHead(200, headers);
  res.end(body);
});
server.on('connection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
const listen = (port) => new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server.address().port)));
const stop = () => new Promise((resolve) => { server.close(resolve); sockets.forEach((s) => s.destroy()); });
const port = await listen(0);
const base = `http://127.0.0.1:${port}`;

const report = { lang, saved: {}, offline: [], search: null, update: null };
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking'],
});
let failed = false;
try {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const page = await context.newPage();
  const list = () => JSON.parse(readFileSync(path.join(out, lang, 'offline.json'), 'utf8'));
  const record = () => page.evaluate(async (l) => {
    const box = document.querySelector('[data-offline-list]');
    const name = 'lembar-offline ' + box.getAttribute('data-offline-scope') + ' ' + l;
    const cache = await caches.open(name);
    const meta = await cache.match(box.getAttribute('data-offline-scope') + '__lembar-offline-saved');
    return meta ? meta.json() : null;
  }, lang);
  const saved = async () => {
    await page.click('main [data-offline-save]');
    await page.waitForFunction(() => {
      const remove = document.querySelector('main [data-offline-remove]');
      return remove && !remove.hidden && !document.querySelector('main [data-offline-save]').disabled;
    }, null, { timeout: 30000 });
    return record();
  };

  // Before: nothing is cached, and the control is there.
  await page.goto(`${base}/${lang}/`);
  report.saved.control_shown = await page.isVisible('main [data-offline-save]');
  report.saved.worker_before = await page.evaluate(() => navigator.serviceWorker.getRegistrations().then((r) => r.length));
  sent = 0;
  const meta = await saved();
  report.saved.files = Object.keys(meta.files).length;
  report.saved.listed = list().files.length;
  report.saved.bytes = meta.bytes;
  report.saved.transferred = sent;
  report.saved.status = await page.textContent('main [data-offline-status]');

  // Offline: every saved page opens from the saved copy and says so.
  await context.setOffline(true);
  await stop();
  for (const [address] of list().files.filter(([a]) => a.endsWith('/'))) {
    let ok = false, note = false;
    try {
      const response = await page.goto(base + address, { timeout: 15000 });
      ok = !!response && response.ok();
      note = await page.isVisible('[data-offline-note]');
    } catch { /* not opened */ }
    report.offline.push({ address, ok, note });
  }
  // Search, offline: the search page and its index come from the saved copy.
  const searchPage = list().files.map(([a]) => a).find((a) => /\/(cari|search)\/$/.test(a));
  if (searchPage) {
    await page.goto(base + searchPage);
    await page.fill('#search-q', query);
    await page.press('#search-q', 'Enter');
    await page.waitForFunction(() => document.querySelectorAll('#search-results li').length > 0, null, { timeout: 10000 }).catch(() => {});
    report.search = { page: searchPage, query, results: await page.$$eval('#search-results li', (l) => l.length) };
  }

  // A rebuild with one page changed; the network back; an update.
  const file = path.join(root, changed);
  writeFileSync(file, readFileSync(file, 'utf8') + '\n\nOne more sentence, changed after saving.\n');
  build();
  await listen(port);
  sent = 0;
  saving = [];
  // Back online, the copy updates itself (the page hears `online`); a press
  // of the control does the same. Whichever ran, it is done when the saved
  // versions are the new list's.
  await context.setOffline(false);
  await page.goto(`${base}/${lang}/`);
  await page.waitForFunction(() => !document.querySelector('main [data-offline-remove]').hidden, null, { timeout: 10000 });
  const want = Object.fromEntries(list().files.map(([a, v]) => [a, v]));
  const current = (meta) => meta && Object.keys(want).every((a) => meta.files[a] === want[a]);
  let after = await record();
  for (let i = 0; i < 40 && !current(after); i++) {
    if (i === 4) await page.click('main [data-offline-save]');
    await new Promise((r) => setTimeout(r, 250));
    after = await record();
  }
  report.update = {
    current: current(after),
    fetched: list().files.map(([a]) => a).filter((a) => saving.includes(a)),
    transferred: sent,
  };

  // Removing the copy removes the worker too.
  await page.click('main [data-offline-remove]');
  await page.waitForFunction(() => document.querySelector('main [data-offline-remove]').hidden, null, { timeout: 10000 });
  report.removed = {
    caches: await page.evaluate(() => caches.keys().then((k) => k.length)),
    workers: await page.evaluate(() => navigator.serviceWorker.getRegistrations().then((r) => r.length)),
  };
} catch (e) {
  failed = true;
  report.error = String(e && e.stack || e);
} finally {
  await browser.close();
  server.close();
}
console.log(JSON.stringify(report, null, 1));
process.exit(failed ? 1 : 0);
