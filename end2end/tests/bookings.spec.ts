import { test, expect } from '@playwright/test';
import { hydrated, signIn, romeDate } from './helpers';

/** A date `days` from now in Rome (the demo institution's zone), `YYYY-MM-DD`. */

test('my bookings lead to a booking page where a series is changed from an occurrence on', async ({ page }) => {
  test.setTimeout(90_000);
  await signIn(page, 'marco@uniroma.test');
  await page.goto('/rooms');
  await page.locator('#room-list a', { hasText: 'Aula Magna' }).first().click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Aula Magna');
  await hydrated(page);

  // A weekly series of three, with the keyboard-friendly form.
  const date = romeDate(10);
  await page.locator('#b-title').fill('Corso e2e');
  await page.locator('#b-date').fill(date);
  await page.locator('#b-start').fill('08:00');
  await page.locator('#b-duration').selectOption('60');
  await page.locator('details.repeat summary').click();
  await page.locator('#b-repeat').selectOption('weekly');
  await page.locator('#b-count').fill('3');
  await page.locator('#booking-form button[type=submit]').click();
  await expect(page.locator('#booking-outcome')).toBeVisible();

  // "My bookings" shows it in the week of its first date, linking to the booking's page.
  await page.goto(`/bookings?view=week&from=${date}`);
  await hydrated(page);
  const entry = page.locator('#my-calendar li.booking', { hasText: 'Corso e2e' });
  await expect(entry).toContainText('08:00–09:00');
  await expect(entry).toContainText('Aula Magna');
  await entry.locator('a').click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Corso e2e');
  await hydrated(page);

  // This one and the following: 10:00–11:30, all three (the first is this one).
  await page.locator('#e-start').fill('10:00');
  await page.locator('#e-end').fill('11:30');
  await page.locator('input[name="edit[scope]"][value="following"]').check();
  await page.locator('#edit-booking-form button[type=submit]').click();
  await expect(page.locator('#edit-outcome')).toContainText('3');
  await expect(page.locator('.booking-when')).toContainText('10:00–11:30');

  // The month view of "my bookings" shows the new times.
  await page.goto(`/bookings?view=month&from=${date}`);
  await expect(page.locator('#my-calendar li.booking', { hasText: 'Corso e2e' }).first()).toContainText('10:00–11:30');
});
