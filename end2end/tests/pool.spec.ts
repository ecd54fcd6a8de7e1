import { test, expect } from '@playwright/test';
import { hydrated, signIn } from './helpers';

test('operator sees the simulated pool and cordons a server', async ({ page }) => {
  await signIn(page, 'operator@convene.test');
  await page.getByRole('navigation').getByRole('link', { name: 'Pool' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Conference servers');
  await hydrated(page);
  const table = page.locator('#pool-table');
  for (const name of ['sim-roma', 'sim-frankfurt', 'sim-saopaulo']) {
    await expect(table.getByRole('row').filter({ hasText: name })).toContainText('online');
  }
  const row = table.getByRole('row').filter({ hasText: 'sim-frankfurt' });
  await row.getByLabel('Admin state').selectOption('cordoned');
  await row.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status')).toHaveText('Saved.');
  await page.reload();
  await expect(page.locator('#pool-table').getByRole('row').filter({ hasText: 'sim-frankfurt' }).getByLabel('Admin state'))
    .toHaveValue('cordoned');
  // a wrong secret is refused with the reason
  const form = page.locator('#add-server-form');
  await hydrated(page);
  await form.getByLabel('Name', { exact: true }).fill('bad-one');
  await form.getByLabel('Server address').fill('http://127.0.0.1:9');
  await form.getByLabel('Shared secret').fill('0123456789abcdef0123456789abcdef01');
  await form.getByLabel('Latitude').fill('45');
  await form.getByLabel('Longitude').fill('9');
  await form.getByLabel('Seats').fill('100');
  // The check takes a while (held back here): meanwhile the button says so and cannot be pressed twice. What it
  // showed is noted by the page itself (a locator would wait for the navigation under way to finish).
  await page.route('**/api/add_server', async (route) => {
    await new Promise((r) => setTimeout(r, 1500));
    await route.continue();
  });
  await page.evaluate(() => {
    const f = document.querySelector('#add-server-form')!;
    f.addEventListener('submit', () => setTimeout(() => {
      const b = f.querySelector('button[type=submit]') as HTMLButtonElement;
      sessionStorage.setItem('busy', `${b.disabled} ${b.getAttribute('aria-busy')} ${b.textContent}`);
    }, 300));
  });
  await form.getByRole('button', { name: 'Check and add' }).click();
  await expect(form.getByRole('alert')).toContainText('could not be reached');
  expect(await page.evaluate(() => sessionStorage.getItem('busy'))).toBe('true true Checking the server…');
  // The page it came back to keeps what was typed (never the secret).
  await expect(form.getByLabel('Name', { exact: true })).toHaveValue('bad-one');
  await expect(form.getByLabel('Shared secret')).toHaveValue('');
  await expect(form.locator('button[type=submit]')).toBeEnabled();
});

test('the pool page updates live', async ({ context }) => {
  const watcher = await context.newPage();
  await signIn(watcher, 'operator@convene.test');
  await watcher.goto('/admin/pool');
  await hydrated(watcher);
  await expect(watcher.locator('#live-status')).toContainText('Live');
  const row = () => watcher.locator('#pool-table').getByRole('row').filter({ hasText: 'sim-saopaulo' });
  await expect(row().getByLabel('Admin state')).toHaveValue('enabled');
  // Someone else cordons a server; the watcher's page follows without a reload.
  const other = await context.newPage();
  await other.goto('/admin/pool');
  await hydrated(other);
  const otherRow = other.locator('#pool-table').getByRole('row').filter({ hasText: 'sim-saopaulo' });
  await otherRow.getByLabel('Admin state').selectOption('cordoned');
  await otherRow.getByRole('button', { name: 'Save' }).click();
  await expect(other.getByRole('status')).toHaveText('Saved.');
  await expect(row().getByLabel('Admin state')).toHaveValue('cordoned', { timeout: 15_000 });
});

test('a pool server behind a TLS terminator on a private CA is online', async ({ page }) => {
  test.skip(!process.env.TLS_POOL_URL, 'scripts/test starts the TLS pool server (scripts/tls-pool)');
  test.setTimeout(45_000);
  await signIn(page, 'operator@convene.test');
  // Registration went through nginx; let the poller (every 10 s) call it over https too: one failed poll would
  // show it unstable.
  await page.waitForTimeout(11_000);
  await page.goto('/admin/pool');
  const row = page.locator('#pool-table').getByRole('row').filter({ hasText: 'tls-nginx' });
  await expect(row).toContainText('online');
});
