import { test, expect, Page } from '@playwright/test';
import { hydrated, signIn } from './helpers';

/** Saves the profile form and reads the page again once the server has answered. */
async function save(page: Page) {
  await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST'),
    page.locator('#profile-form button[type=submit]').click(),
  ]);
  await page.goto('/account');
}

// The time zone is picked, not typed from memory: a searchable list of zones, and once the page runs this device's
// own zone one click away.
test.use({ timezoneId: 'America/Sao_Paulo' });

test("the account's time zone comes from a list, with the device's zone suggested", async ({ page }) => {
  await signIn(page, 'giulia@uniroma.test');
  await page.goto('/account');
  await hydrated(page);
  const field = page.locator('#a-tz');
  await expect(field).toHaveAttribute('list', 'tz-list');
  expect(await page.locator('#tz-list option').count()).toBeGreaterThan(300);
  await page.locator('#use-device-zone').click();
  await expect(field).toHaveValue('America/Sao_Paulo');
  await expect(field).toBeFocused();
  await save(page);
  await expect(page.locator('#a-tz')).toHaveValue('America/Sao_Paulo');
  // Back to the institution's zone, for the other tests.
  await page.locator('#a-tz').fill('');
  await save(page);
  await expect(page.locator('#a-tz')).toHaveValue('');
});
