import { test, expect } from '@playwright/test';
import { signIn, romeDate } from './helpers';

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

/** A date `days` from now in Rome, YYYY-MM-DD. */

test('book a room, change the booking and cancel it without JavaScript', async ({ page }) => {
  await signIn(page, 'marco@uniroma.test');
  await page.goto('/rooms');
  const href = await page.locator('#room-list a', { hasText: 'Sala Seminari' }).first().getAttribute('href');
  const day = romeDate(9);
  await page.goto(`${href}?view=day&from=${day}`);
  const calendar = page.locator('#calendar');

  // The booking form: a booking that ends before it starts is refused in the page, then a good one is made.
  const title = `Senza script ${Date.now() % 100000}`;
  await page.locator('#b-title').fill(title);
  await page.locator('#b-date').fill(day);
  await page.locator('#b-start').fill('14:00');
  // An end given (under "another end") wins over the duration: here it is before the start.
  await page.locator('#b-other-end summary').click();
  await page.locator('#b-end').fill('13:00');
  await page.locator('#booking-form button[type=submit]').click();
  await expect(page.locator('#booking-form [role=alert]')).toBeVisible();
  await expect(calendar.locator('li.booking', { hasText: title })).toHaveCount(0);
  await page.locator('#b-title').fill(title);
  await page.locator('#b-date').fill(day);
  await page.locator('#b-start').fill('14:00');
  // The refused form came back as typed, "another end" open: emptied, the duration chosen counts.
  await expect(page.locator('#b-end')).toHaveValue('13:00');
  await page.locator('#b-end').fill('');
  await page.locator('#b-duration').selectOption('60');
  await page.locator('#booking-form button[type=submit]').click();
  await expect(calendar.locator('li.booking', { hasText: title })).toContainText('14:00–15:00');
  // Said on the page it came back to: what was booked, when, in which room.
  await expect(page.locator('#done-notice')).toContainText(title);
  await expect(page.locator('#done-notice')).toContainText('14:00–15:00');
  await expect(page.locator('#done-notice')).toContainText('Sala Seminari');

  // Its own page: moved an hour later through the edit form.
  await calendar.locator('li.booking', { hasText: title }).locator('a.booking-details').click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(title);
  await page.locator('#e-start').fill('16:00');
  await page.locator('#e-end').fill('17:00');
  await page.locator('#edit-booking-form button[type=submit]').click();
  await expect(page.locator('#e-start')).toHaveValue('16:00');
  await expect(page.getByText('16:00–17:00').first()).toBeVisible();
  await expect(page.locator('#done-notice')).toContainText(title);
  await expect(page.locator('#done-notice')).toContainText('16:00–17:00');

  // Cancelled after the confirmation (a native disclosure, no script needed): the slot is free again.
  await page.locator('details.confirm summary').click();
  await page.locator('#cancel-booking-form button[type=submit]').click();
  await expect(page.getByText('Prenotazione annullata').first()).toBeVisible();
  await expect(page.locator('#done-notice')).toContainText(title);
  await page.goto(`${href}?view=day&from=${day}`);
  await expect(page.locator('#calendar li.booking', { hasText: title })).toHaveCount(0);
});
