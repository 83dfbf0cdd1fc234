// The built site as a job seeker meets it on a cheap phone, and on a desktop: every .html page
// of <public-dir>, served on 127.0.0.1, opened in headless Chromium at 320, 360 and 1280 px.
//
//   node phone.mjs <public-dir> [--shots DIR]
//
// Fails (exit 1) when, on any page:
//   - the header is taller than 120 px at 320 or 360 px, or the menu's list wraps at 1280 px;
//   - the page, or a table in it, scrolls sideways at 320 or 360 px;
//   - the footer has no tappable phone number (`tel:`), or a number there wraps inside itself;
//   - a procedure page (one with numbered steps) does not open with its summary box and an
//     overview linking to every step, before the steps;
//   - with text at 200 %, the menu's control is off screen or opening it shows no links.
// --shots writes the top screen of a few pages at each width, to look at.

import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import process from 'node:process';
import { launch, listPages, offline, serve, siteRoot } from './site.mjs';

const HEADER_BUDGET = 120;
const PHONES = [320, 360];
const WIDTHS = [
  ...PHONES.map((w) => ({ name: String(w), phone: true, options: { viewport: { width: w, height: 640 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 } })),
  { name: '1280', phone: false, options: { viewport: { width: 1280, height: 800 } } },
];
// Pages worth a screenshot: the homes, a procedure, a country, search.
const SHOTS = /^\/(id|en)\/$|prosedur\/jalur-resmi|procedures\/legal-departure|negara\/jepang|countries\/japan|\/(cari|search)\/$/;

// What one page shows at one width; measured in the page.
function measure() {
  const header = document.querySelector('.site-header');
  const rect = (e) => e.getBoundingClientRect();
  const width = document.documentElement.clientWidth;
  const wide = [...document.querySelectorAll('body *')]
    .filter((e) => rect(e).width > 0 && rect(e).right > width + 1 && !e.closest('.table-wrap,pre'))
    .slice(0, 3)
    .map((e) => `${e.tagName.toLowerCase()}.${e.className} (${Math.round(rect(e).right)} px)`);
  // A table may scroll inside its frame, but none should have to at phone widths.
  const tables = [...document.querySelectorAll('.table-wrap')]
    .filter((t) => t.scrollWidth > t.clientWidth + 1)
    .map((t) => `${t.closest('section')?.className || 'table'} (${t.scrollWidth} px in ${t.clientWidth})`);
  const navItems = [...document.querySelectorAll('.main-nav li')].filter((li) => rect(li).height > 0);
  const rows = new Set(navItems.map((li) => Math.round(rect(li).top))).size;
  // The language chooser and the 404 page have no footer: their contacts are in each language's card.
  const phones = [...document.querySelectorAll('.site-footer a[href^="tel:"], .contacts a[href^="tel:"]')];
  const broken = phones.filter((a) => a.getClientRects().length > 1).map((a) => a.textContent);
  const steps = [...document.querySelectorAll('article.page-procedure ol.steps > li[id]')];
  let procedure = null;
  if (steps.length) {
    const summary = document.querySelector('.procedure-summary');
    const overview = document.querySelector('.step-overview');
    const linked = overview ? [...overview.querySelectorAll('a')].map((a) => a.getAttribute('href')) : [];
    const before = (e) => e && Boolean(e.compareDocumentPosition(steps[0]) & Node.DOCUMENT_POSITION_FOLLOWING);
    procedure = {
      summary: before(summary),
      overview: before(overview),
      missing: steps.map((s) => '#' + s.id).filter((id) => !linked.includes(id)),
    };
  }
  return {
    header: header ? Math.round(rect(header).height) : 0,
    scroll: document.documentElement.scrollWidth,
    width,
    wide,
    tables,
    rows,
    phones: phones.length,
    broken,
    procedure,
  };
}

// With text at 200 % (as a phone's font-size setting does), the menu can still be opened.
async function zoomedMenu(page) {
  await page.addStyleTag({ content: 'html{font-size:200% !important}' });
  const summary = page.locator('.menu > summary');
  if ((await summary.count()) === 0) return 'no menu control';
  const box = await summary.boundingBox();
  const view = page.viewportSize();
  if (!box || box.x < 0 || box.x + box.width > view.width + 1) return `menu control off screen (${JSON.stringify(box)})`;
  await summary.click();
  const visible = await page.locator('.menu .main-nav a').evaluateAll((as) => as.filter((a) => a.getBoundingClientRect().width > 0).length);
  return visible > 0 ? null : 'opening the menu shows no links';
}

async function checkWidth(browser, width, origin, pages, shots) {
  const context = await browser.newContext(width.options);
  await offline(context, origin);
  const page = await context.newPage();
  const problems = [];
  const headers = [];
  try {
    for (const p of pages) {
      await page.goto(origin + p, { waitUntil: 'load' });
      const m = await page.evaluate(measure);
      headers.push(m.header);
      const fail = (what) => problems.push(`${p} @${width.name}: ${what}`);
      if (width.phone) {
        if (m.header > HEADER_BUDGET) fail(`header ${m.header} px tall (budget ${HEADER_BUDGET})`);
        if (m.scroll > m.width) fail(`scrolls sideways: ${m.scroll} px wide; ${m.wide.join(', ')}`);
        if (m.tables.length) fail(`a table scrolls sideways: ${m.tables.join(', ')}`);
      } else if (m.rows > 1) {
        fail(`the menu wraps to ${m.rows} rows`);
      }
      if (m.phones === 0) fail('no tel: link in the footer');
      if (m.broken.length) fail(`phone numbers broken over lines: ${m.broken.join(', ')}`);
      if (m.procedure) {
        if (!m.procedure.summary) fail('procedure without a summary box before its steps');
        if (!m.procedure.overview) fail('procedure without an overview before its steps');
        if (m.procedure.missing.length) fail(`overview does not link ${m.procedure.missing.join(' ')}`);
      }
      if (shots && SHOTS.test(p)) {
        const name = `${p.replace(/^\/|\/$/g, '').replace(/\//g, '_') || 'root'}@${width.name}.png`;
        await page.screenshot({ path: path.join(shots, name) });
      }
      if (width.phone && width.name === String(PHONES[0]) && /^\/(id|en)\/$/.test(p)) {
        const zoomed = await zoomedMenu(page);
        if (zoomed) fail(`text at 200 %: ${zoomed}`);
      }
    }
  } finally {
    await context.close();
  }
  return { problems, headers };
}

async function main() {
  const argv = process.argv.slice(2);
  const shotsAt = argv.indexOf('--shots');
  const shots = shotsAt >= 0 ? argv.splice(shotsAt, 2)[1] : null;
  if (argv.length !== 1) {
    console.error('usage: node phone.mjs <public-dir> [--shots DIR]');
    process.exit(2);
  }
  const root = await siteRoot('phone', argv[0]);
  if (shots) await mkdir(shots, { recursive: true });
  const pages = await listPages(root);
  const server = await serve(root);
  const origin = `http://127.0.0.1:${server.address().port}`;
  const browser = await launch();
  let results;
  try {
    results = await Promise.all(WIDTHS.map((w) => checkWidth(browser, w, origin, pages, shots)));
  } finally {
    await browser.close();
    server.close();
  }
  const problems = results.flatMap((r) => r.problems);
  problems.forEach((p) => console.log(`FAIL ${p}`));
  const tallest = WIDTHS.map((w, i) => `${w.name} px: ${Math.max(...results[i].headers)}`).join(', ');
  console.log(`phone: ${pages.length} pages x ${WIDTHS.length} widths; tallest header ${tallest}; ${problems.length} problems`);
  process.exit(problems.length ? 1 : 0);
}

main().catch((e) => {
  console.error(`phone: ${e.stack || e}`);
  process.exit(1);
});
