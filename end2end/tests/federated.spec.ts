import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';

// Sign-in through an institution's OpenID Connect provider (scripts/test starts a real one: npm oidc-provider on
// https with a throwaway CA). Convene's server checks the provider's certificate against that CA; the browser is
// told to accept it, as a person's browser would trust a real provider's.
test.use({ ignoreHTTPSErrors: true });

const env = process.env;
const port = Number(env.E2E_PORT ?? 3107);
const target = env.CARGO_TARGET_DIR ?? '../target';
const bin = env.CONVENE_BIN ?? `${target}/debug/convene`;
const dataDir = env.E2E_DATA_DIR ?? `/tmp/convene-e2e-${port}`;

test('a person signs in through their institution and gets the role its rules give', async ({ page }) => {
  test.skip(!env.IDP_OIDC_ISSUER, 'scripts/test starts the OpenID provider (scripts/idp start-oidc)');
  const run = (args: string[], input?: string) =>
    execFileSync(bin, args, { input, env: { ...env, DATABASE_URL: `sqlite://${dataDir}/convene.db` } }).toString();
  run(['idp', 'add-oidc', '--institution', 'uniroma', '--issuer', env.IDP_OIDC_ISSUER!, '--name', 'Uni A login',
    '--client-id', env.IDP_OIDC_CLIENT_ID!, '--client-secret-stdin', '--ca-file', env.IDP_OIDC_CA!,
    '--scopes', 'openid email profile eduperson'], `${env.IDP_OIDC_CLIENT_SECRET}\n`);
  run(['idp', 'rule', '--institution', 'uniroma', '--claim', 'eduperson_scoped_affiliation', '--pattern', 'staff@*',
    '--role', 'admin']);

  await page.goto('/login?next=/rooms');
  await page.getByRole('link', { name: /Uni A login/ }).click();
  await page.locator('#username').fill('bob');
  await page.locator('#password').fill('bob-pass');
  await page.locator('#login').click();
  await expect(page).toHaveURL(/\/rooms$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Rooms');
  // Staff at the institution: its rule makes him an admin (the members page is in his navigation).
  await expect(page.getByRole('navigation').getByRole('link', { name: /Members/ })).toBeVisible();
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Welcome, Bob Brandt');
});
