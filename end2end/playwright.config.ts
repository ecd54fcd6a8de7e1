import { defineConfig } from '@playwright/test';

// The server under test: the built binary, a fresh SQLite file, demo data with a known password.
const port = Number(process.env.E2E_PORT ?? 3107);
const target = process.env.CARGO_TARGET_DIR ?? '../target';
const bin = process.env.CONVENE_BIN ?? `${target}/debug/convene`;
const dataDir = process.env.E2E_DATA_DIR ?? `/tmp/convene-e2e-${port}`;
export const demoPassword = 'e2e-demo-password';
const convene = bin.startsWith('/') ? bin : `end2end/${bin}`;
// A pool server behind a real TLS terminator (scripts/tls-pool, started by scripts/test): registered with its CA
// before the demo starts, far from the demo institutions so the specs' placements stay on the demo servers.
const tlsPool = process.env.TLS_POOL_URL
  ? `printf '%s\\n' '${process.env.TLS_POOL_SECRET}' | ` +
    `DATABASE_URL=sqlite://${dataDir}/convene.db ${convene} server add --name tls-nginx --url ${process.env.TLS_POOL_URL} ` +
    `--ca-file ${process.env.TLS_POOL_CA} --secret-stdin --latitude -33.9 --longitude 151.2 --capacity 200 ` +
    `&& `
  : '';

export default defineConfig({
  testDir: './tests',
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: process.env.CI ? [['list']] : [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  webServer: {
    command:
      `rm -rf ${dataDir} && mkdir -p ${dataDir} && cd .. && ${tlsPool}` +
      `DATABASE_URL=sqlite://${dataDir}/convene.db CONVENE_HTTP__BIND=127.0.0.1:${port} ` +
      `CONVENE_HTTP__PUBLIC_URL=http://127.0.0.1:${port} ` +
      // every spec signs in from the same address: room for all of them (the limit itself is tested in Rust)
      `CONVENE_LOGIN__ADDRESS_BURST=200 CONVENE_LOGIN__ACCOUNT_BURST=100 ` +
      // the test IdPs (and their logos) are on loopback, which the public-address rule otherwise refuses
      `CONVENE_POOL__CALLBACK_ALLOW_HOSTS='["127.0.0.1"]' ` +
      `${convene} serve --demo --demo-password ${demoPassword}`,
    url: `http://127.0.0.1:${port}/readyz`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'pipe',
    stderr: 'pipe',
  },
});
