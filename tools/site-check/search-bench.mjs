// How long search takes on a cheap phone: the search page of each language of a built site
// opened in headless Chromium with the CPU slowed 4× (CDP Emulation.setCPUThrottlingRate),
// then each query timed from the form's submit to the results in the DOM: first as the first
// search on a freshly loaded page, a second after the load (the query's stem groups are
// unpacked on the way), then as typed (each beginning of the query searched in turn, 150 ms
// apart, the last one timed). Each query runs `--runs` times (a new page each); prints median and worst per
// query, and the time from the page's response to DOMContentLoaded (the index and search.js
// parsed and set up).
//
//   node search-bench.mjs <public-dir> [--runs 5] [--rate 4]
//
// BENCHMARKS.md has the figures for the generated site (`../shared/bench/gen_site.py`).

import path from 'node:path';
import process from 'node:process';
import { launch, offline, serve } from './site.mjs';

// [language, query, what it tries]; the generated site's vocabulary.
const QUERIES = [
  ['id', 'kerja', 'one common word'],
  ['id', 'kerja di jepang', 'stop word dropped, two words'],
  ['id', 'biaya paspor pekerja migran', 'four words'],
  ['id', 'pekerj', 'prefix while typing'],
  ['id', 'jepag', 'typo'],
  ['id', 'pembiayaan', 'affixes stripped: biaya'],
  ['id', 'hongkong', 'alias (with the shipped data/search.yaml)'],
  ['id', 'zzzzzz', 'nothing found: suggestions'],
  ['en', 'work in japan', 'stop word dropped'],
  ['en', 'pasport', 'typo'],
  ['en', 'jap', 'prefix'],
];
const PAGES = { id: '/id/cari/', en: '/en/search/' };

function parseArgs(argv) {
  const args = { dir: null, runs: 5, rate: 4 };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--runs') args.runs = Number(argv[++i]);
    else if (argv[i] === '--rate') args.rate = Number(argv[++i]);
    else if (!args.dir) args.dir = argv[i];
    else return null;
  }
  return args.dir && args.runs > 0 && args.rate >= 1 ? args : null;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (!args) {
    console.error('usage: node search-bench.mjs <public-dir> [--runs 5] [--rate 4]');
    process.exit(2);
  }
  const server = await serve(path.resolve(args.dir));
  const origin = `http://127.0.0.1:${server.address().port}`;
  const browser = await launch();
  const rows = [];
  const all = [];
  const allTyped = [];
  try {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true });
    await offline(context, origin);
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: args.rate });
    const ready = { id: [], en: [] };
    for (const [lang, query, why] of QUERIES) {
      const times = [];
      const typedTimes = [];
      let found = 0;
      for (let r = 0; r < args.runs; r++) {
        await page.goto(origin + PAGES[lang], { waitUntil: 'load' });
        ready[lang].push(
          await page.evaluate(() => {
            const n = performance.getEntriesByType('navigation')[0];
            return n.domContentLoadedEventEnd - n.responseEnd;
          }),
        );
        // A reader needs a second or more to tap the box and type: the first query
        // comes then, not in the same instant as the load (where the collection of
        // the parsed index's garbage can land on it: up to 74 ms measured).
        await page.waitForTimeout(1000);
        const [ms, typed, count] = await page.evaluate(async (q) => {
          const input = document.getElementById('search-q');
          const form = document.getElementById('search-form');
          const run = (text) => {
            input.value = text;
            const start = performance.now();
            form.requestSubmit();
            return performance.now() - start;
          };
          const first = run(q);
          // As typed: every beginning of the query searched in turn, 150 ms
          // apart (the page searches once typing pauses 120 ms), the last one timed.
          const pause = () => new Promise((resolve) => setTimeout(resolve, 150));
          run('');
          let last = 0;
          for (let n = 1; n <= q.length; n++) {
            await pause();
            last = run(q.slice(0, n));
          }
          return [first, last, document.querySelectorAll('#search-results li').length];
        }, query);
        times.push(ms);
        typedTimes.push(typed);
        found = count;
      }
      all.push(...times);
      allTyped.push(...typedTimes);
      rows.push([
        lang, query, why, median(times).toFixed(1), Math.max(...times).toFixed(1),
        median(typedTimes).toFixed(1), Math.max(...typedTimes).toFixed(1), String(found),
      ]);
    }
    for (const lang of Object.keys(ready)) {
      const r = ready[lang];
      rows.push([lang, '(page ready)', 'response end → DOMContentLoaded', median(r).toFixed(0), Math.max(...r).toFixed(0), '', '', '']);
    }
  } finally {
    await browser.close();
    server.close();
  }
  console.log(`CPU throttled ${args.rate}×, ${args.runs} runs a query, each on a fresh page; ms`);
  console.log('| lang | query | what it tries | first query: median | worst | as typed: median | worst | shown |');
  console.log('| --- | --- | --- | ---: | ---: | ---: | ---: | ---: |');
  rows.forEach((r) => console.log(`| ${r.join(' | ')} |`));
  const sum = (xs) => `median ${median(xs).toFixed(1)} ms, worst ${Math.max(...xs).toFixed(1)} ms`;
  console.log(`first query on a fresh page: ${sum(all)}; as typed: ${sum(allTyped)}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
