// Drives the series viewer (index.html) in headless Chromium through
// playwright-core: opens it from the file system, moves the date slider to a
// day, and checks that the map image of that day is shown and loaded and that
// the day's claims are listed. Saves a screenshot as a test artefact.
//   NODE_PATH=.cache/node/node_modules node viewer.cjs OUT_DIR/index.html YYYY-MM-DD SCREENSHOT.png "text a claim shows" ...
const { chromium } = require('playwright-core');

(async () => {

const [page_path, day, shot, ...expect_texts] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
         '--disable-component-update', '--disable-sync', '--no-first-run'],
});
let failed = 0;
const check = (ok, what) => { console.log(`${ok ? 'ok' : 'FAIL'}: ${what}`); if (!ok) failed++; };
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const requests = [];
  page.on('request', r => requests.push(r.url()));
  const errors = [];
  page.on('pageerror', e => errors.push(String(e)));
  await page.goto('file://' + page_path);
  const days = await page.evaluate(() => DATA.days);
  const idx = days.indexOf(day);
  check(idx >= 0, `the series holds ${day} (${days.length} days)`);
  // Move the slider the way a user's drag does: set its value and fire input.
  await page.locator('#slider').fill(String(idx));
  await page.waitForFunction(d => document.getElementById('map').src.endsWith(d + '.png'), day);
  await page.waitForFunction(() => { const i = document.getElementById('map'); return i.complete && i.naturalWidth > 0; });
  const src = await page.locator('#map').getAttribute('src');
  check(src === `maps/${day}.png`, `the map image is maps/${day}.png (${src})`);
  const w = await page.evaluate(() => document.getElementById('map').naturalWidth);
  check(w > 0, `the map image loaded (${w} px wide)`);
  check((await page.locator('#date').textContent()) === day, 'the date label shows the day');
  const claims = await page.locator('#claims').innerText();
  for (const t of expect_texts) check(claims.includes(t), `the claims list shows "${t}"`);
  // Next / previous buttons move by one day.
  await page.click('#next');
  check((await page.locator('#date').textContent()) === days[Math.min(idx + 1, days.length - 1)], 'next goes one day on');
  await page.click('#prev');
  check((await page.locator('#date').textContent()) === day, 'previous comes back');
  await page.screenshot({ path: shot, fullPage: true });
  const remote = requests.filter(u => !u.startsWith('file:') && !u.startsWith('data:'));
  check(remote.length === 0, `no network requests (${remote.slice(0, 3).join(' ')})`);
  check(errors.length === 0, `no script errors (${errors.slice(0, 2).join(' | ')})`);
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
})().catch(e => { console.log('FAIL: ' + e.message); process.exit(1); });
