import { defineConfig } from '@playwright/test';

// The server under test: the built binary, a fresh SQLite file, demo data with a known password.
const port = Number(process.env.E2E_PORT ?? 3107);
const target = process.env.CARGO_TARGET_DIR ?? '../target';
const bin = process.env.CONVENE_BIN ?? `${target}/debug/convene`;
const dataDir = process.env.E2E_DATA_DIR ?? `/tmp/convene-e2e-${port}`;
export const demoPassword = 'e2e-demo-password';

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
      `rm -rf ${dataDir} && mkdir -p ${dataDir} && cd .. && ` +
      `DATABASE_URL=sqlite://${dataDir}/convene.db CONVENE_HTTP__BIND=127.0.0.1:${port} ` +
      `CONVENE_HTTP__PUBLIC_URL=http://127.0.0.1:${port} ` +
      // every spec signs in from the same address: room for all of them (the limit itself is tested in Rust)
      `CONVENE_LOGIN__ADDRESS_BURST=200 CONVENE_LOGIN__ACCOUNT_BURST=100 ` +
      `${bin.startsWith('/') ? bin : `end2end/${bin}`} serve --demo --demo-password ${demoPassword}`,
    url: `http://127.0.0.1:${port}/readyz`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'pipe',
    stderr: 'pipe',
  },
});
