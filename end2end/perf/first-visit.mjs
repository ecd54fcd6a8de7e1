// First visit of a room page on a throttled network: bytes transferred and time until the page is hydrated
// (the calendar takes drags from then on). Not part of the test suite; see docs/performance.md.
//
//   node end2end/perf/first-visit.mjs [--base http://127.0.0.1:3000] [--password P] [--runs 5]
//                                     [--latency 165] [--no-compression] [--path /]
//
// `--path` measures another page than the room's (the home page: `--path /`).
//
// Network: Chrome DevTools' "Fast 4G" preset (9 Mbit/s down and 1.5 Mbit/s up, each × 0.9; 60 ms RTT, which
// DevTools applies as 165 ms of latency per request). `--no-compression` makes the browser accept no content
// encoding (what a server without compression sends).
import { chromium } from 'playwright-core';

const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : def;
};
const base = arg('base', 'http://127.0.0.1:3000');
const password = arg('password', process.env.CONVENE_DEMO_PASSWORD);
const runs = Number(arg('runs', 5));
const latency = Number(arg('latency', 60 * 2.75));
const noCompression = process.argv.includes('--no-compression');
const email = arg('email', 'marco@uniroma.test');
const room = arg('room', 'Sala Seminari');
const path = arg('path', null);
if (!password) {
  console.error('--password (or CONVENE_DEMO_PASSWORD) is needed: the demo password the server was started with');
  process.exit(2);
}

const fast4g = { offline: false, latency, downloadThroughput: (9e6 / 8) * 0.9, uploadThroughput: (1.5e6 / 8) * 0.9 };

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});

// Signed in once through the API (no page, so no bundle, is loaded); each run then starts from a fresh profile
// (empty cache) holding only that session cookie.
async function signIn() {
  const context = await browser.newContext({ baseURL: base });
  const login = await context.request.post('/auth/login', {
    form: { email, password },
    headers: { origin: base, 'sec-fetch-site': 'same-origin' },
    maxRedirects: 0,
  });
  if (login.status() !== 303 || login.headers()['location'] !== '/') throw new Error(`sign-in as ${email} failed`);
  const rooms = await (await context.request.get('/rooms')).text();
  const m = new RegExp(`href="(/rooms/\\d+)"[^>]*>[^<]*${room}`).exec(rooms);
  if (!m) throw new Error(`no room "${room}" on /rooms`);
  const state = await context.storageState();
  await context.close();
  return { state, path: m[1] };
}
const session = await signIn();

async function once() {
  const context = await browser.newContext({ baseURL: base, storageState: session.state });
  const m = [null, path ?? session.path];
  const page = await context.newPage();
  // When the page says it is hydrated, in milliseconds since navigation start.
  await page.addInitScript(() => {
    new MutationObserver((_, obs) => {
      const app = document.querySelector('.app');
      if (app && app.getAttribute('data-hydrated') === 'true') {
        window.__hydratedAt = performance.now();
        obs.disconnect();
      }
    }).observe(document, { subtree: true, attributes: true, childList: true, attributeFilter: ['data-hydrated'] });
  });
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', fast4g);
  if (noCompression) await cdp.send('Network.setExtraHTTPHeaders', { headers: { 'Accept-Encoding': 'identity' } });
  const bytes = new Map();
  const urls = new Map();
  cdp.on('Network.requestWillBeSent', (e) => urls.set(e.requestId, e.request.url));
  cdp.on('Network.loadingFinished', (e) => bytes.set(e.requestId, e.encodedDataLength));

  await page.goto(m[1]);
  await page.waitForFunction(() => window.__hydratedAt !== undefined, null, { timeout: 120_000 });
  const hydratedMs = await page.evaluate(() => window.__hydratedAt);
  await page.waitForLoadState('networkidle');
  const total = [...bytes.values()].reduce((a, b) => a + b, 0);
  const byFile = [...bytes.entries()]
    .filter(([id]) => !(urls.get(id) ?? '').startsWith('data:'))
    .map(([id, n]) => [new URL(urls.get(id) ?? base).pathname, n]);
  await context.close();
  return { hydratedMs, total, byFile };
}

const results = [];
for (let i = 0; i < runs; i++) {
  const r = await once();
  results.push(r);
  console.log(`run ${i + 1}: ${(r.total / 1024).toFixed(0)} KiB transferred, hydrated after ${r.hydratedMs.toFixed(0)} ms`);
}
await browser.close();
const sorted = results.map((r) => r.hydratedMs).sort((a, b) => a - b);
const median = sorted[Math.floor(sorted.length / 2)];
console.log('\nper file (last run):');
for (const [path, n] of results.at(-1).byFile) console.log(`  ${String(n).padStart(10)}  ${path}`);
console.log(
  `\nFast 4G (latency ${latency} ms${noCompression ? ', no compression' : ''}): ` +
    `${results.at(-1).total} bytes, hydrated (drag works) after median ${median.toFixed(0)} ms ` +
    `(min ${sorted[0].toFixed(0)}, max ${sorted.at(-1).toFixed(0)}) over ${runs} runs`,
);
