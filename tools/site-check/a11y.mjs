// Accessibility check of a built site: every .html page of <public-dir>, served over HTTP on
// 127.0.0.1, opened in headless Chromium at a phone width (360x740) and a desktop width
// (1280x800), checked with axe-core against the WCAG 2.x A and AA rules.
//
//   node a11y.mjs <public-dir> [--json report.json]
//
// Prints every violation (page, width, rule, impact, targets). Exit 1 when any WCAG rule has a
// `serious` or `critical` violation, or a page fails to load; best-practice rules and minor or
// moderate violations are reported but do not fail. Exit 2 on a usage error.
//
// Why these choices: readers use cheap phones, so the phone width is checked as a phone
// (isMobile, touch, 2x pixels); the site is served from / because its stylesheets are linked
// from the root; every request that is not to our loopback server is aborted, so the check
// never touches the network and takes the same time on every run.

import { readFile, readdir, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import process from 'node:process';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS, offline, serve } from './common.mjs';

const require = createRequire(import.meta.url);

const WIDTHS = [
  { name: '360', options: { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 } },
  { name: '1280', options: { viewport: { width: 1280, height: 800 } } },
];
// WCAG 2.0, 2.1 and 2.2 at levels A and AA; best-practice runs too but only informs.
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];
const FAILING_IMPACTS = new Set(['serious', 'critical']);
const PAGE_TIMEOUT_MS = 30_000;


function parseArgs(argv) {
  const args = { dir: null, json: null };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--json') args.json = argv[++i];
    else if (argv[i] === '-h' || argv[i] === '--help') return null;
    else if (!args.dir) args.dir = argv[i];
    else return null;
  }
  return args.dir ? args : null;
}

// Every .html file under `root`, as URL paths (`/id/negara/index.html` -> `/id/negara/`), sorted.
async function listPages(root) {
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

function isFailing(v) {
  return FAILING_IMPACTS.has(v.impact) && v.tags.some((t) => WCAG_TAGS.includes(t));
}

async function checkPage(page, url) {
  const response = await page.goto(url, { waitUntil: 'load', timeout: PAGE_TIMEOUT_MS });
  if (!response || !response.ok()) {
    throw new Error(`HTTP ${response ? response.status() : 'no response'}`);
  }
  return page.evaluate(
    (tags) =>
      // eslint-disable-next-line no-undef
      axe.run(document, {
        runOnly: { type: 'tag', values: [...tags, 'best-practice'] },
        resultTypes: ['violations'],
      }),
    WCAG_TAGS,
  );
}

// One width: its own browser context (a phone is a mobile context) and one tab that visits
// every page. Returns the results in page order; printing waits so parallel widths do not mix.
async function checkWidth(browser, width, origin, pages, axeSource) {
  const context = await browser.newContext(width.options);
  await offline(context, origin);
  // axe is in every page before its own scripts run; sent once, not once per page.
  await context.addInitScript({ content: axeSource });
  const page = await context.newPage();
  const results = [];
  try {
    for (const p of pages) {
      try {
        results.push({ page: p, width: width.name, violations: (await checkPage(page, origin + p)).violations });
      } catch (e) {
        results.push({ page: p, width: width.name, error: e.message.split('\n')[0] });
      }
    }
  } finally {
    await context.close();
  }
  return results;
}

function printViolation(pagePath, width, v) {
  const level = isFailing(v) ? 'FAIL' : 'info';
  const kind = v.tags.some((t) => WCAG_TAGS.includes(t)) ? 'wcag' : 'best-practice';
  console.log(`${level} ${pagePath} @${width} ${v.id} (${v.impact}, ${kind}): ${v.help}`);
  for (const node of v.nodes.slice(0, 5)) {
    console.log(`       ${node.target.join(' ')}`);
    const why = (node.failureSummary || '').split('\n').slice(1, 2).join(' ').trim();
    if (why) console.log(`         ${why}`);
  }
  if (v.nodes.length > 5) console.log(`       ... and ${v.nodes.length - 5} more elements`);
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (!args) {
    console.error('usage: node a11y.mjs <public-dir> [--json report.json]');
    process.exit(2);
  }
  const root = path.resolve(args.dir);
  if (!(await stat(root).catch(() => null))?.isDirectory()) {
    console.error(`a11y: ${args.dir}: not a folder (build the site first)`);
    process.exit(2);
  }
  const started = Date.now();
  const pages = await listPages(root);
  if (pages.length === 0) {
    console.error(`a11y: ${args.dir}: no .html pages`);
    process.exit(2);
  }
  const axeSource = await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
  const axeVersion = require('axe-core/package.json').version;
  const server = await serve(root);
  const origin = `http://127.0.0.1:${server.address().port}`;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });

  const report = [];
  const counts = { runs: 0, failing: 0, reported: 0, loadErrors: 0 };
  let results;
  try {
    // The widths run side by side: one browser, one tab each.
    results = (await Promise.all(WIDTHS.map((w) => checkWidth(browser, w, origin, pages, axeSource)))).flat();
  } finally {
    await browser.close();
    server.close();
  }
  results.sort((a, b) => (a.page < b.page ? -1 : a.page > b.page ? 1 : 0));
  for (const r of results) {
    counts.runs++;
    if (r.error) {
      counts.loadErrors++;
      console.log(`FAIL ${r.page} @${r.width} could not be checked: ${r.error}`);
      report.push(r);
      continue;
    }
    for (const v of r.violations) {
      if (isFailing(v)) counts.failing++;
      else counts.reported++;
      printViolation(r.page, r.width, v);
      report.push({
        page: r.page,
        width: r.width,
        rule: v.id,
        impact: v.impact,
        tags: v.tags,
        failing: isFailing(v),
        help: v.help,
        targets: v.nodes.map((n) => n.target.join(' ')),
      });
    }
  }
  if (args.json) {
    const { writeFile } = await import('node:fs/promises');
    await writeFile(args.json, JSON.stringify(report, null, 2) + '\n');
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(
    `a11y: axe-core ${axeVersion}, ${pages.length} pages x ${WIDTHS.length} widths (${WIDTHS.map((w) => w.name).join(', ')}) = ${counts.runs} checks in ${seconds} s: ` +
      `${counts.failing} serious/critical WCAG violations, ${counts.loadErrors} pages not loaded, ${counts.reported} other violations reported`,
  );
  process.exit(counts.failing + counts.loadErrors > 0 ? 1 : 0);
}

main().catch((e) => {
  console.error(`a11y: ${e.stack || e}`);
  process.exit(1);
});
