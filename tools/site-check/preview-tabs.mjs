// The preview with many tabs, in a real browser: `lembar serve` on a copy of
// the site, twenty tabs open on it, then a twenty-first must load, and an edit
// must reload all twenty. A browser opens at most six HTTP/1.1 connections to
// one host, and every open tab holds an event stream: without the shared
// worker, the seventh tab never loads.
//
//   node tools/site-check/preview-tabs.mjs LEMBAR SITE-DIR
//
// Exit 1 on failure. Needs `npm ci` here and Chromium (CHROMIUM_PATH).
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import process from 'node:process';
import { createInterface } from 'node:readline';
import { chromium } from 'playwright-core';

const [lembar, site] = process.argv.slice(2);
const TABS = 20;
const root = mkdtempSync(path.join(tmpdir(), 'lembar-tabs-'));
for (const part of ['site.yaml', 'content', 'themes', 'static', 'i18n', 'data']) {
  try { cpSync(path.join(site, part), path.join(root, part), { recursive: true }); } catch { /* optional */ }
}
const server = spawn(lembar, ['serve', '--root', root, '--port', '0'], { stdio: ['ignore', 'ignore', 'pipe'] });
const base = await new Promise((resolve, reject) => {
  const lines = createInterface({ input: server.stderr });
  lines.on('line', (line) => {
    const m = line.match(/^serving (http:\/\/\S+)/);
    if (m) resolve(m[1]);
  });
  server.on('exit', () => reject(new Error('lembar serve stopped')));
  setTimeout(() => reject(new Error('lembar serve printed no address')), 30000);
});

let failed = false;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking'],
});
try {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const tabs = [];
  for (let i = 0; i < TABS; i++) {
    const tab = await context.newPage();
    await tab.goto(base + (i % 2 ? 'id/' : 'en/'), { timeout: 10000 });
    tabs.push(tab);
  }
  await new Promise((r) => setTimeout(r, 1000));
  let started = Date.now();
  const extra = await context.newPage();
  const response = await extra.goto(base + 'id/', { timeout: 10000 });
  console.log(`preview-tabs: with ${TABS} tabs open, another loads: ${response.status()} in ${Date.now() - started} ms`);
  if (response.status() !== 200) failed = true;

  const file = path.join(root, 'content', '_index.en.md');
  const reloads = tabs.map((t) => t.waitForEvent('load', { timeout: 15000 }).then(() => 1, () => 0));
  writeFileSync(file, readFileSync(file, 'utf8') + '\n\nEdited with many tabs open.\n');
  started = Date.now();
  const reloaded = (await Promise.all(reloads)).reduce((a, b) => a + b, 0);
  console.log(`preview-tabs: ${reloaded} of ${TABS} tabs reloaded after an edit, in ${Date.now() - started} ms`);
  if (reloaded !== TABS) failed = true;
} catch (e) {
  console.log(`preview-tabs: ${e.message}`);
  failed = true;
} finally {
  await browser.close();
  server.kill();
  rmSync(root, { recursive: true, force: true });
}
console.log(failed ? 'preview-tabs: FAILED' : 'preview-tabs: passed');
process.exit(failed ? 1 : 0);
