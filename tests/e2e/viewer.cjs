// Drives the explorable viewer (index.html) in headless Chromium through
// playwright-core, from the file system, with no network. Two modes:
//
//   node viewer.cjs corpus OUT/index.html SHOT_DIR [SPELLING=KEY=PCODE ...]
//     the sample corpus's run: #2021-08-20/AF0907 shows Andarab held by the
//     resistance with its quoted sentence (one of the claims in
//     OUT/events.jsonl); a click on Kabul shows its history; hover shows a
//     district's name and controller; the search finds "Pol-e-Hesar"; the
//     page folds each SPELLING to KEY and finds PCODE as `conflictmap gazetteer lookup` does;
//     ←/→ and space; the filters and the staleness toggle repaint; the slider
//     moves the day. Screenshots go to SHOT_DIR.
//   node viewer.cjs speed OUT/index.html SHOT_DIR
//     a long series: prints the time to open the page (navigation to the
//     first paint of the map) and to step a day (to the next frame), and
//     asserts only generous bounds (5 s, 500 ms): timing is printed, not
//     tested tightly.
// Run with NODE_PATH=.cache/node/node_modules (./setup installs playwright-core).
const { chromium } = require('playwright-core');
const fs = require('fs');
const path = require('path');

const [mode, page_path, shots, ...pairs] = process.argv.slice(2);
let failed = 0;
const check = (ok, what) => { console.log(`${ok ? 'ok' : 'FAIL'}: ${what}`); if (!ok) failed++; };

async function open(browser, hash) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
  const requests = [], errors = [];
  page.on('request', r => requests.push(r.url()));
  page.on('pageerror', e => errors.push(String(e)));
  await page.goto('file://' + page_path + (hash || ''));
  await page.waitForFunction(() => window.CM !== undefined);
  return { page, requests, errors };
}

// Screen point inside district pcode (its label point through the view).
async function pointOf(page, pcode) {
  return page.evaluate(p => {
    const d = DATA.geo.d.find(u => u.p === p), m = document.getElementById('world').getCTM();
    const pt = document.getElementById('map').createSVGPoint(); pt.x = d.c[0]; pt.y = d.c[1];
    const s = pt.matrixTransform(m), r = document.getElementById('map').getBoundingClientRect();
    return { x: s.x + r.left - r.left, y: s.y, left: r.left, top: r.top };
  }, pcode).then(q => ({ x: q.x + q.left, y: q.y + q.top }));
}

const fillOf = (page, pcode) => page.evaluate(p => {
  const i = DATA.geo.d.findIndex(u => u.p === p); return document.querySelectorAll('#dist path')[i].getAttribute('fill'); }, pcode);

async function corpus(browser) {
  const events = fs.readFileSync(path.join(path.dirname(page_path), 'events.jsonl'), 'utf8')
    .split('\n').filter(Boolean).map(l => JSON.parse(l));
  const { page, requests, errors } = await open(browser, '#2021-08-20/AF0907');
  // The sides' colours and labels: the profile's, with the style's colours.
  const style = await page.evaluate(() => Object.fromEntries(DATA.sides.map(s => [s.id, s.color])));
  const label = await page.evaluate(() => Object.fromEntries(DATA.sides.map(s => [s.id, s.label])));
  const esc = s => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  // The shared view: the day, the district, its controller and quote.
  check((await page.locator('#date').textContent()) === '2021-08-20', 'the URL opens 2021-08-20');
  const unit = await page.locator('#unit').innerText();
  const h2 = await page.locator('#unit h2').innerText();
  check(/^Andarab/.test(h2), `the URL selects Andarab (${h2})`);
  check(new RegExp(`On 2021-08-20: ${esc(label.resistance)} since 2021-08-20`).test(unit),
        `Andarab is held by the resistance (${label.resistance}) since 2021-08-20`);
  const quotes = await page.locator('#unit blockquote').allInnerTexts();
  const ours = events.filter(e => e.pcode === 'AF0907' && e.controller === 'resistance').map(e => e.sentence.trim());
  check(quotes.some(q => ours.includes(q.trim())), `its history quotes the claim's sentence ("${(quotes[0] || '').slice(0, 60)}…")`);
  check((await fillOf(page, 'AF0907')) === style.resistance, `Andarab is painted in the resistance colour (${style.resistance})`);
  check((await fillOf(page, 'AF0101')) === style.taliban, 'Kabul is painted in the Taliban colour');
  const markers = await page.locator('#over .marker').count();
  check(markers >= 3, `the day's claims are on the map (${markers} markers)`);
  await page.screenshot({ path: path.join(shots, 'viewer-andarab.png') });
  // Hover: name, Dari name, controller, since, last report (Deh Salah, beside Andarab).
  const ds = await page.evaluate(() => DATA.geo.d.find(u => u.n === 'Deh Salah').p);
  const kp = await pointOf(page, ds);
  await page.mouse.move(kp.x, kp.y);
  const tip = await page.locator('#tip').innerText();
  check(/Deh Salah/.test(tip) && tip.includes(label.resistance) && /since 2021-08-20/.test(tip) && /last report: 2021-08-20/.test(tip),
        `hovering Deh Salah shows name, controller, since, last report (${tip.replace(/\n/g, ' | ')})`);
  check(/[\u0600-\u06FF]/.test(tip), 'the hover shows the Dari name');
  // Click another district: its history.
  await page.mouse.click(kp.x, kp.y);
  const hist = await page.locator('#unit').innerText();
  const np = await page.locator('#unit .period').count();
  check(/^Deh Salah/.test(await page.locator('#unit h2').innerText()) && /History/.test(hist) && np >= 2 &&
        (await page.locator('#unit .period blockquote').count()) >= 1,
        `a click on Deh Salah shows its history (${np} periods, with quotes)`);
  check(new RegExp(`#2021-08-20/${ds}$`).test(page.url()), `the URL holds the view (${page.url().split('#')[1]})`);
  await page.screenshot({ path: path.join(shots, 'viewer-deh-salah.png') });
  // Search.
  await page.fill('#q', 'Pol-e-Hesar');
  const hit = await page.locator('#hits li').first().innerText();
  check(/Pul-e-Hisar/.test(hit), `the search finds "Pol-e-Hesar" (${hit.replace(/\n/g, ' ')})`);
  await page.screenshot({ path: path.join(shots, 'viewer-search.png') });
  await page.press('#q', 'Enter');
  check(/^Pul-e-Hisar/.test(await page.locator('#unit h2').innerText()) && /\/AF0912$/.test(page.url()),
        'Enter goes to Pul-e-Hisar (AF0912)');
  for (const p of pairs) {
    const [spelling, key, winner] = p.split('=');
    const got = await page.evaluate(s => CM.fold(s), spelling);
    check(got === key, `the page folds "${spelling}" to "${key}" as the command line does (${got})`);
    const found = await page.evaluate(s => CM.search(s).map(h => h.p), spelling);
    check(found[0] === winner, `the search finds "${spelling}" as ${winner}, as the command line resolves it (${found.slice(0, 3).join(' ')})`);
  }
  // Keys: ←/→ step a day, space plays and pauses.
  await page.locator('#map').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('ArrowRight');
  check((await page.locator('#date').textContent()) === '2021-08-21', '→ steps to the next day');
  check(/#2021-08-21\//.test(page.url()), 'the URL follows the day');
  await page.keyboard.press('ArrowLeft');
  check((await page.locator('#date').textContent()) === '2021-08-20', '← steps back');
  await page.keyboard.press(' ');
  check((await page.locator('#play').textContent()) === 'Pause', 'space plays');
  await page.keyboard.press(' ');
  check((await page.locator('#play').textContent()) === 'Play', 'space pauses');
  await page.evaluate(() => CM.setDay(DATA.days.indexOf('2021-08-20')));
  // Filters: a side, a minimum confidence, a source; the staleness fade.
  await page.selectOption('#fside', 'taliban');
  check((await fillOf(page, 'AF0907')) !== style.resistance && (await fillOf(page, 'AF0101')) === style.taliban,
        'side filter "Taliban" dims Andarab and keeps Kabul');
  await page.selectOption('#fside', '');
  await page.locator('#fconf').fill('1');
  const dimmed = await page.evaluate(() => [...document.querySelectorAll('#dist path')].filter(e => /^rgb\(/.test(e.getAttribute('fill'))).length);
  check(dimmed > 0 && (await page.locator('#claims').innerText()).includes('filters on'), `minimum confidence 1 dims the districts (${dimmed}) and the claims`);
  await page.locator('#fconf').fill('0');
  const nsrc = await page.locator('#fsrc option').count();
  await page.selectOption('#fsrc', { index: 1 });
  const listed = await page.locator('#claims li.claim').count();
  await page.selectOption('#fsrc', '');
  const all = await page.locator('#claims li.claim').count();
  check(nsrc > 2 && listed <= all && all > 0, `the source filter narrows the day's claims (${listed} of ${all}, ${nsrc - 1} sources)`);
  await page.evaluate(() => CM.setDay(DATA.days.length - 1));
  const before = await fillOf(page, 'AF0101');
  await page.locator('#fstale').check();
  const after = await fillOf(page, 'AF0101');
  check(before !== after, `the staleness toggle fades Kabul on the last day (${before} -> ${after})`);
  await page.locator('#fstale').uncheck();
  // The slider.
  await page.locator('#slider').fill(String(await page.evaluate(() => DATA.days.indexOf('2021-08-15'))));
  check((await page.locator('#date').textContent()) === '2021-08-15', 'the slider moves to 2021-08-15');
  // A smaller window: the map is measured again and the country fitted to it.
  await page.locator('#zfit').click();
  const wide = await page.evaluate(() => document.getElementById('world').getCTM().a);
  await page.setViewportSize({ width: 900, height: 700 });
  await page.waitForFunction(w => document.getElementById('world').getCTM().a < w * 0.9, wide, { timeout: 5000 }).catch(() => {});
  const narrow = await page.evaluate(() => document.getElementById('world').getCTM().a);
  const fits = await page.evaluate(() => { const m = document.getElementById('map').getBoundingClientRect(),
    b = document.getElementById('dist').getBoundingClientRect(); return b.left >= m.left - 1 && b.right <= m.right + 1 && b.top >= m.top - 1 && b.bottom <= m.bottom + 1; });
  check(narrow < wide * 0.9 && fits, `a smaller window refits the country (scale ${wide.toFixed(4)} -> ${narrow.toFixed(4)}, inside the map: ${fits})`);
  // Fresh pages: Baghlan zoomed in, and the whole country.
  for (const [hash, shot] of [['#2021-08-21/AF0912', 'viewer-baghlan.png'], ['#2021-08-21', 'viewer-2021-08-21.png']]) {
    const o = await open(browser, hash);
    await o.page.screenshot({ path: path.join(shots, shot) });
    check(o.errors.length === 0, `${hash} opens without script errors`);
    await o.page.close();
  }
  const remote = requests.filter(u => !u.startsWith('file:') && !u.startsWith('data:'));
  check(remote.length === 0, `no network requests (${remote.slice(0, 3).join(' ')})`);
  check(errors.length === 0, `no script errors (${errors.slice(0, 2).join(' | ')})`);
}

async function speed(browser) {
  const opens = [];
  let page;
  for (let run = 0; run < 3; run++) {
    if (page) await page.close();
    ({ page } = await open(browser, ''));
    // From the start of navigation to the frame after the script built the map.
    opens.push(await page.evaluate(() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(performance.now()))))));
  }
  const info = await page.evaluate(() => ({ days: DATA.ndays, districts: DATA.geo.d.length, claims: DATA.claims.length, build: CM.ready }));
  const steps = await page.evaluate(async () => {
    const t = [];
    for (let i = 1; i < DATA.ndays; i++) {
      const a = performance.now();
      CM.setDay(i);
      await new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));
      t.push(performance.now() - a);
    }
    t.sort((x, y) => x - y);
    return { n: t.length, median: t[t.length >> 1], p95: t[Math.floor(t.length * 0.95)], max: t[t.length - 1] };
  });
  const size = fs.statSync(page_path).size;
  opens.sort((a, b) => a - b);
  console.log(`speed: ${info.days} days, ${info.districts} districts, ${info.claims} claims, page ${(size / 1024).toFixed(0)} KiB`);
  console.log(`speed: open ${opens.map(x => x.toFixed(0)).join(', ')} ms (script ${info.build.toFixed(0)} ms); ` +
              `step a day: median ${steps.median.toFixed(1)} ms, 95th percentile ${steps.p95.toFixed(1)} ms, max ${steps.max.toFixed(1)} ms over ${steps.n} steps`);
  check(opens[1] < 5000, `the page opens in under 5 s (median ${opens[1].toFixed(0)} ms)`);
  check(steps.median < 500, `a day steps in under 500 ms (median ${steps.median.toFixed(1)} ms)`);
  await page.screenshot({ path: path.join(shots, 'viewer-speed-last-day.png') });
}

(async () => {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
           '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    if (mode === 'corpus') await corpus(browser);
    else if (mode === 'speed') await speed(browser);
    else check(false, `unknown mode ${mode}`);
  } finally {
    await browser.close();
  }
  process.exit(failed ? 1 : 0);
})().catch(e => { console.log('FAIL: ' + e.message); process.exit(1); });
