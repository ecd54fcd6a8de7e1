import { expect, Page } from '@playwright/test';

export const PASSWORD = 'e2e-demo-password';

/** Waits until the WASM bundle has taken over the page. */
export async function hydrated(page: Page) {
  await expect(page.locator('.app')).toHaveAttribute('data-hydrated', 'true');
}

export async function signIn(page: Page, email: string, password = PASSWORD) {
  await page.goto('/login');
  await page.locator('#login-email').fill(email);
  await page.locator('#login-password').fill(password);
  await page.locator('#login-form button[type=submit]').click();
}
