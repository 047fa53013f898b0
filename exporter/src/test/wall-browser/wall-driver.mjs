// Drives Debian's headless Chromium for WallBrowserIT, one JSON command per stdin line and one JSON
// answer per stdout line, so that the assertions stay in the Java test. Commands:
//   {"op":"open","url":...}        load the page in a 1920x1080 viewport
//   {"op":"state"}                 what the page shows (texts of its parts, navigations, errors)
//   {"op":"mark"}                  set a marker on window that a reload would wipe
//   {"op":"screenshot","path":...} save a PNG of the viewport
//   {"op":"close"}
// Usage: node wall-driver.mjs CHROMIUM_PATH EMPTY_USER_DATA_DIR
import { createInterface } from 'node:readline';
import { chromium } from 'playwright-core';

const [executablePath, userDataDir] = process.argv.slice(2);
// Without the background-networking flags Chromium keeps calling out, and this network refuses.
const args = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath, headless: true, args, viewport: { width: 1920, height: 1080 },
});
const page = context.pages()[0] ?? (await context.newPage());
const errors = [];
page.on('pageerror', (e) => errors.push('pageerror: ' + e.message));
page.on('console', (m) => { if (m.type() === 'error') errors.push('console: ' + m.text()); });

function answer(value) { process.stdout.write(JSON.stringify({ ok: true, value }) + '\n'); }
function fail(e) { process.stdout.write(JSON.stringify({ ok: false, error: String(e && e.stack || e) }) + '\n'); }

async function state() {
  const shown = await page.evaluate(() => {
    const texts = (sel) => [...document.querySelectorAll(sel)].map((e) => e.textContent.trim());
    return {
      at: document.body.dataset.at || null,
      reps: [...document.querySelectorAll('#reps tr')].map((tr) => [...tr.cells].map((c) => c.textContent.trim())),
      moreReps: document.getElementById('more-reps').textContent,
      moreAtRisk: document.getElementById('more-at-risk').textContent,
      notice: document.getElementById('notice').textContent,
      teams: texts('#teams .team-chip'),
      visibleTeams: [...document.querySelectorAll('#teams .team-chip')].map((e) => e.innerText.replace(/\s+/g, ' ').trim()),
      pipeline: texts('#pipeline .money'),
      atRisk: texts('#at-risk .risk'),
      age: document.getElementById('age-value').textContent,
      ageClass: document.getElementById('age').className,
      link: document.getElementById('link').textContent,
      marker: window.__wallTestMarker || null,
      pwned: window.__pwned || null,
      navigations: performance.getEntriesByType('navigation').length,
      // Anything a label value could have smuggled in as markup.
      foreignElements: document.querySelectorAll('img, iframe, object, embed, b, script:not(:last-of-type)').length,
      // Panels and header parts whose content is cut off: the wall must not hide figures.
      clipped: [...document.querySelectorAll('header > *, .panel, .team-chip')]
        .filter((e) => e.scrollHeight > e.clientHeight + 1 || e.scrollWidth > e.clientWidth + 1)
        .map((e) => e.id || e.className || e.tagName),
      scrollWidth: document.documentElement.scrollWidth,
      scrollHeight: document.documentElement.scrollHeight,
    };
  });
  return { ...shown, url: page.url(), errors: [...errors] };
}

const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  if (!line.trim()) continue;
  let command;
  try {
    command = JSON.parse(line);
    switch (command.op) {
      case 'open':
        await page.goto(command.url, { waitUntil: 'load' });
        answer(page.url());
        break;
      case 'state':
        answer(await state());
        break;
      case 'mark':
        answer(await page.evaluate(() => (window.__wallTestMarker = 'still-the-same-page')));
        break;
      case 'screenshot':
        await page.screenshot({ path: command.path, fullPage: false });
        answer(command.path);
        break;
      case 'close':
        await context.close();
        answer('closed');
        process.exit(0);
        break;
      default:
        fail('unknown op ' + command.op);
    }
  } catch (e) {
    fail(e);
  }
}
await context.close();
