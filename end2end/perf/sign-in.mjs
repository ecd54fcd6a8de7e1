// A full sign-in through an institution's identity provider, as a person goes through it in Chromium: from the
// click on the institution's button to Convene's page afterwards (Convene → provider's login page → the person's
// name and password → back, signed in). Each run starts from a fresh browser profile (no session anywhere), so it
// includes every redirect, the provider's own page and Convene's checks (for SAML: the signed AuthnRequest, the
// IdP's cross-site POST to the ACS, the verified and decrypted assertion, the replay cache, /saml/done). The time
// the person spends typing is not counted: the clock stops while the form waits for them. Not part of the test
// suite; `scripts/sign-in-figures` sets everything up. See docs/performance.md.
//
//   node end2end/perf/sign-in.mjs --base http://127.0.0.1:3190 [--oidc ID] [--saml ID] [--runs 20]
import { chromium } from 'playwright-core';

const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : def;
};
const base = arg('base', 'http://127.0.0.1:3190');
const runs = Number(arg('runs', 20));
const kinds = [['oidc', arg('oidc')], ['saml', arg('saml')]].filter(([, id]) => id);
if (!kinds.length) {
  console.error('--oidc ID and/or --saml ID: the providers to sign in through');
  process.exit(2);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});

const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];

async function once(kind, id, user) {
  // The providers have test certificates from a throwaway CA: the browser accepts them, as a person's browser
  // trusts a real provider's.
  const context = await browser.newContext({ ignoreHTTPSErrors: true });
  const page = await context.newPage();
  const t0 = performance.now();
  await page.goto(`${base}/login/${kind}/${id}?next=/rooms`);
  await page.locator('#username').waitFor();
  const toProvider = performance.now() - t0;
  await page.locator('#username').fill(user);
  await page.locator('#password').fill(`${user}-pass`);
  const t1 = performance.now();
  await Promise.all([page.waitForURL(`${base}/rooms`), page.locator('#login').click()]);
  await page.locator('h1').waitFor();
  const back = performance.now() - t1;
  await context.close();
  return { toProvider, back, total: toProvider + back };
}

// A different person through each (one address, one account: the second would wait to be linked).
const users = { oidc: 'bob', saml: 'alice' };
for (const [kind, id] of kinds) {
  // One sign-in first: the account is made then (and the server and provider are warm).
  await once(kind, id, users[kind]);
  const results = [];
  for (let i = 0; i < runs; i++) results.push(await once(kind, id, users[kind]));
  const line = (key) => {
    const v = results.map((r) => r[key]).sort((a, b) => a - b);
    return `p50 ${pct(v, 0.5).toFixed(0)} ms, p99 ${pct(v, 0.99).toFixed(0)} ms`;
  };
  console.log(`${kind}: ${runs} sign-ins, each from a fresh profile`);
  console.log(`  click → the provider's login page: ${line('toProvider')}`);
  console.log(`  the provider's "sign in" → Convene's page, signed in: ${line('back')}`);
  console.log(`  both (what the person waits, typing aside): ${line('total')}`);
}
await browser.close();
