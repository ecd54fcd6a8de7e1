import { test, expect } from '@playwright/test';
import { signIn } from './helpers';

// The home page: signed out, the institutions to sign in with; signed in, what is next (or how to book), the
// person's rooms. Screenshots at desktop and phone size are kept (test-results/home-*.png; copies in docs/).
test('the home page says what is next, on a desktop and on a phone', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Meet across your network');
  await signIn(page, 'marco@uniroma.test');
  const next = page.locator('#home-next');
  await expect(next.getByRole('heading', { name: 'Next' })).toBeVisible();
  // The demo starts with a few bookings of the coming days: Marco's seminar is next.
  await expect(next).toContainText('Seminario di dottorato');
  await page.screenshot({ path: 'test-results/home-desktop.png', fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  await expect(next).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await page.screenshot({ path: 'test-results/home-phone.png', fullPage: true });
});
