// The shipped site's search, tried the way readers use it: each query of the set below is typed
// into the language's search page in headless Chromium (the site served on 127.0.0.1, nothing
// else reachable), and the page a reader wants must be among the first three results. Also: a
// query that finds nothing shows the closest words and the site's sections, and the language
// switcher carries the query to the other language's search page.
//
//   node search-queries.mjs <public-dir>
//
// Prints a table; exit 1 on any miss, 2 on a usage error. The expected pages were chosen by
// reading content/: a change of content that moves a page out of the top three is a finding.

import path from 'node:path';
import process from 'node:process';
import { launch, offline, serve } from './site.mjs';

const SEARCH_PAGE = { id: '/id/cari/', en: '/en/search/' };

// [language, query, any of these pages (below the language's home) in the top three, why]
const QUERIES = [
  ['id', 'kerja di jepang', ['negara/jepang/'], 'stop words do not narrow'],
  ['id', 'cara kerja di jepang', ['negara/jepang/'], 'a question, not keywords'],
  ['id', 'biaya ke jepang', ['negara/jepang/', 'prosedur/biaya/'], 'any word, all words first'],
  ['id', 'hongkong', ['negara/hong-kong/'], 'alias: hong kong'],
  ['id', 'TKW', ['prosedur/jalur-resmi/', 'prosedur/hak-dan-kewajiban/'], 'alias: pmi, pekerja migran'],
  ['id', 'melatih', ['prosedur/jalur-resmi/'], 'stem: pelatihan'],
  ['id', 'tipu', ['prosedur/tanda-bahaya/'], 'nasal root: penipuan'],
  ['id', 'aduan', ['prosedur/pengaduan/'], 'stem: pengaduan'],
  ['id', 'keberangkatan', ['prosedur/jalur-resmi/'], 'stem: berangkat'],
  ['id', 'paspr', ['prosedur/dokumen/'], 'typo'],
  ['id', 'jepag', ['negara/jepang/'], 'typo'],
  ['id', 'malaysa', ['negara/malaysia/'], 'typo'],
  ['id', 'nomor pengaduan', ['prosedur/pengaduan/'], ''],
  ['id', 'nomer pengaduan', ['prosedur/pengaduan/'], 'alias: nomor'],
  ['id', 'bahasa korea', ['bahasa/bahasa-korea/'], ''],
  ['id', 'passport', ['prosedur/dokumen/'], 'alias: paspor'],
  ['id', 'hotline', ['prosedur/pengaduan/'], 'alias: pusat panggilan'],
  ['id', 'pembantu rumah tangga', ['negara/hong-kong/', 'negara/singapura/', 'negara/taiwan/', 'negara/malaysia/', 'negara/arab-saudi/'], 'alias: pekerja rumah tangga'],
  ['id', 'ktp', ['prosedur/dokumen/'], 'typed field: documents'],
  ['id', 'ringgit', ['negara/malaysia/'], 'typed field: currency'],
  ['id', 'euro', ['negara/jerman/'], 'typed field: currency'],
  ['id', 'singap', ['negara/singapura/'], 'prefix while typing'],
  ['en', 'work in japan', ['countries/japan/'], ''],
  ['en', 'hongkong', ['countries/hong-kong/'], 'alias: hong kong'],
  ['en', 'maid', ['countries/hong-kong/', 'countries/singapore/', 'countries/taiwan/', 'countries/malaysia/', 'countries/saudi-arabia/'], 'alias: domestic worker'],
  ['en', 'TKI', ['procedures/legal-departure/', 'procedures/rights-and-duties/'], 'alias: migrant worker'],
  ['en', 'complaints hotline', ['procedures/complaints/'], ''],
  ['en', 'pasport', ['procedures/documents/'], 'typo'],
  ['en', 'korean language test', ['languages/korean/'], ''],
  ['en', 'training', ['procedures/legal-departure/'], 'stem'],
];

async function results(page) {
  return page.$$eval('#search-results li a', (links) => links.map((a) => a.getAttribute('href')));
}

// Types `query` into the search page and waits for the status to speak of it.
async function ask(page, query) {
  await page.fill('#search-q', '');
  await page.type('#search-q', query);
  await page.press('#search-q', 'Enter');
  await page.waitForFunction((q) => document.getElementById('search-status').textContent.includes(q), query.trim());
}

async function main() {
  const dir = process.argv[2];
  if (!dir || process.argv.length > 3) {
    console.error('usage: node search-queries.mjs <public-dir>');
    process.exit(2);
  }
  const root = path.resolve(dir);
  const server = await serve(root);
  const origin = `http://127.0.0.1:${server.address().port}`;
  const browser = await launch();
  const rows = [];
  let misses = 0;
  try {
    const context = await browser.newContext();
    await offline(context, origin);
    const page = await context.newPage();
    for (const lang of Object.keys(SEARCH_PAGE)) {
      await page.goto(origin + SEARCH_PAGE[lang]);
      for (const [l, query, wanted, why] of QUERIES.filter((q) => q[0] === lang)) {
        await ask(page, query);
        const home = `${origin}/${l}/`;
        const top = (await results(page)).slice(0, 3).map((href) => new URL(href, origin).href.slice(home.length));
        const ok = top.some((t) => wanted.includes(t));
        if (!ok) misses++;
        rows.push([ok ? 'ok' : 'MISS', l, query, wanted.join(' | '), top.join(' , '), why]);
      }
    }

    // Nothing found: the closest words (buttons that search them) and the sections.
    await page.goto(origin + SEARCH_PAGE.id);
    await ask(page, 'qwertyuiop jepanggg');
    const none = await page.evaluate(() => ({
      shown: !document.getElementById('search-none').hidden,
      status: document.getElementById('search-status').textContent,
      words: [...document.querySelectorAll('#search-suggestions button')].map((b) => b.textContent),
      sections: document.querySelectorAll('.search-sections a').length,
    }));
    let ok = none.shown && none.words.includes('jepang') && none.sections > 0 && none.status.includes('jepang');
    if (ok) {
      await page.click('#search-suggestions button >> text=jepang');
      await page.waitForFunction(() => document.querySelectorAll('#search-results li').length > 0);
      ok = (await page.inputValue('#search-q')) === 'jepang';
    }
    if (!ok) misses++;
    rows.push([ok ? 'ok' : 'MISS', 'id', 'qwertyuiop jepanggg', 'suggestions + sections', `${none.words.join(' ')}; ${none.sections} sections`, 'no dead end']);

    // The language switcher carries the query.
    await page.goto(origin + SEARCH_PAGE.id);
    await ask(page, 'visa');
    await Promise.all([page.waitForNavigation(), page.click('nav.switcher a[hreflang="en"]')]);
    const carried = await page.inputValue('#search-q');
    const found = (await results(page)).length;
    ok = page.url().startsWith(origin + SEARCH_PAGE.en) && carried === 'visa' && found > 0;
    if (!ok) misses++;
    rows.push([ok ? 'ok' : 'MISS', 'id→en', 'visa', 'query kept, results', `${page.url().slice(origin.length)} (${found} results)`, 'language switch']);
  } finally {
    await browser.close();
    server.close();
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const line = (r) => '| ' + r.map((c, i) => c.padEnd(widths[i])).join(' | ') + ' |';
  console.log(line(['', 'lang', 'query', 'expected in top 3', 'top 3', 'what it tries']));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  rows.forEach((r) => console.log(line(r)));
  console.log(misses ? `search-queries: ${misses} of ${rows.length} FAILED` : `search-queries: all ${rows.length} passed`);
  process.exit(misses ? 1 : 0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
