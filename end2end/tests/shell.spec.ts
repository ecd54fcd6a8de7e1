import { test, expect } from '@playwright/test';
import { hydrated, signIn, PASSWORD } from './helpers';

test('sign in, switch language, sign out', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });

  await page.goto('/');
  await hydrated(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Meet across your network');

  await signIn(page, 'operator@convene.test');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Welcome, Olga Operatrice');
  await expect(page.getByRole('link', { name: 'Institutions' }).first()).toBeVisible();

  // Language: Italian, then Russian; the whole shell follows.
  await page.getByLabel('Language').selectOption('it');
  await page.getByRole('button', { name: 'Change' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'it');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Benvenuto, Olga Operatrice');
  await expect(page.getByRole('button', { name: 'Esci' })).toBeVisible();

  await page.getByLabel('Lingua').selectOption('ru');
  await page.getByRole('button', { name: 'Cambia' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'ru');
  await expect(page.getByRole('link', { name: 'Организации' }).first()).toBeVisible();

  // The choice is also saved to the account: back to English, then sign out.
  await page.getByLabel('Язык').selectOption('en');
  await page.getByRole('button', { name: 'Сменить' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('navigation').getByRole('link', { name: 'Sign in' })).toBeVisible();
  await hydrated(page);
  expect(errors, errors.join('\n')).toEqual([]);
});

test('a wrong password is refused with a message', async ({ page }) => {
  await signIn(page, 'operator@convene.test', 'not-the-password');
  await expect(page.getByRole('alert')).toContainText('The e-mail or the password is not right');
  await expect(page.getByLabel('E-mail')).toHaveValue('operator@convene.test');
});

test('hydration: the password toggle works only once the WASM runs', async ({ page }) => {
  await page.goto('/login');
  await hydrated(page);
  const pw = page.locator('#login-password');
  await pw.fill('secret-value');
  await expect(pw).toHaveAttribute('type', 'password');
  await page.getByRole('button', { name: 'Show' }).click();
  await expect(pw).toHaveAttribute('type', 'text');
  await page.getByRole('button', { name: 'Hide' }).click();
  await expect(pw).toHaveAttribute('type', 'password');
});

test('operator creates an institution; errors are shown inline', async ({ page }) => {
  await signIn(page, 'operator@convene.test');
  await page.getByRole('link', { name: 'Institutions' }).first().click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Institutions');
  await hydrated(page);
  const slug = `e2e-${Date.now() % 100000}`;
  const form = page.locator('#create-institution');
  await form.getByLabel('Name', { exact: true }).fill('Instituto E2E');
  await form.getByLabel('Short name (in addresses)').fill(slug);
  await form.getByLabel('Latitude').fill('1000');
  await form.getByLabel('Longitude').fill('-46.6');
  await form.getByRole('button', { name: 'Create' }).click();
  await expect(form.getByRole('alert')).toContainText('Latitude: outside the allowed range');
  await form.getByLabel('Latitude').fill('-23.5');
  await form.getByRole('button', { name: 'Create' }).click();
  await expect(form.getByRole('status')).toHaveText('Created.');
  await expect(page.getByRole('cell', { name: slug })).toBeVisible();
});

test('keyboard: skip link and labelled controls', async ({ page }) => {
  await page.goto('/login');
  await hydrated(page);
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to content' });
  await expect(skip).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator('#main')).toBeFocused();
  // Every input has an accessible name.
  const unnamed = await page.locator('input:not([type=hidden]), select').evaluateAll((els) =>
    els.filter((e) => !(e as HTMLInputElement).labels?.length && !e.getAttribute('aria-label')).map((e) => e.outerHTML));
  expect(unnamed).toEqual([]);
});

test('phone-sized screen: no horizontal scrolling', async ({ browser }) => {
  const page = await browser.newPage({ viewport: { width: 360, height: 740 } });
  await signIn(page, 'admin@uniroma.test', PASSWORD);
  await page.goto('/institutions/uniroma/members');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Members of');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await page.close();
});

test('a page asked while signed out leads to sign-in and back to it', async ({ page }) => {
  await page.goto('/bookings?view=list');
  await expect(page).toHaveURL(/\/login\?next=%2Fbookings%3Fview%3Dlist$/);
  await page.locator('#login-email').fill('marco@uniroma.test');
  await page.locator('#login-password').fill(PASSWORD);
  await page.locator('#login-form button[type=submit]').click();
  await expect(page).toHaveURL(/\/bookings\?view=list$/);
  // Only within Convene: another site as `next` leads home.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.goto('/login?next=//evil.example/x');
  await page.locator('#login-email').fill('marco@uniroma.test');
  await page.locator('#login-password').fill(PASSWORD);
  await page.locator('#login-form button[type=submit]').click();
  await expect(page).toHaveURL(/127\.0\.0\.1:\d+\/$/);
});

test('forgot password: the sign-in page leads to the reset form; the link the demo keeps opens it', async ({ page, browser }) => {
  await page.goto('/login');
  await page.getByRole('link', { name: 'Forgot your password?' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Reset your password');
  await page.getByLabel('E-mail').fill('marco@uniroma.test');
  await page.getByRole('button', { name: 'Send the link' }).click();
  await expect(page.locator('#forgot-sent')).toBeVisible();
  // The demo keeps its mail: an operator reads the message on the Mail page, and its link opens the form.
  const opCtx = await browser.newContext();
  const op = await opCtx.newPage();
  await signIn(op, 'operator@convene.test');
  const item = op.locator('#mail-list li[data-kind=password_reset]', { hasText: 'marco@uniroma.test' }).first();
  await expect.poll(async () => {
    await op.goto('/admin/mail');
    return item.locator('details').count();
  }, { timeout: 30_000 }).toBeGreaterThan(0);
  const body = (await item.locator('.mail-body').textContent())!;
  const link = body.match(/https?:\/\/\S+\/login\/reset\/[A-Za-z0-9_-]+/)![0];
  await opCtx.close();
  await page.goto(link);
  await expect(page.locator('#reset-form, form[action="/auth/reset"]').first()).toBeVisible();
  await page.goto('/login/reset/' + '0'.repeat(48));
  await expect(page.locator('#reset-gone')).toContainText('expired or was already used');
});
