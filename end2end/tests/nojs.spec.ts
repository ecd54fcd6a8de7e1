import { test, expect } from '@playwright/test';
import { signIn } from './helpers';

// Before (or without) hydration, every page and form still works: plain HTML and server redirects.
test.use({ javaScriptEnabled: false, locale: 'it-IT' });

test('sign in, add a member and sign out without JavaScript', async ({ page }) => {
  await signIn(page, 'admin@uniroma.test');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Benvenuto, Alessandra Admin');
  await page.getByRole('link', { name: 'Membri' }).first().click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Membri di');

  const email = `nojs-${Date.now() % 100000}@uniroma.test`;
  const form = page.locator('#add-member-form');
  await form.getByLabel('E-mail').fill(email);
  await form.getByLabel('Nome visualizzato').fill('Senza Script');
  await form.getByLabel('Password iniziale').fill('short');
  await form.getByRole('button', { name: 'Aggiungi' }).click();
  // The error comes back in the page itself.
  await expect(page.getByRole('alert')).toContainText('almeno 10 caratteri');
  await form.getByLabel('E-mail').fill(email);
  await form.getByLabel('Nome visualizzato').fill('Senza Script');
  await form.getByLabel('Password iniziale').fill('long-enough-password');
  await form.getByRole('button', { name: 'Aggiungi' }).click();
  await expect(page.getByText(email)).toBeVisible();

  await page.getByRole('button', { name: 'Esci' }).click();
  await expect(page.getByRole('navigation').getByRole('link', { name: 'Accedi' })).toBeVisible();
});
