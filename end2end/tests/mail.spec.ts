import { test, expect } from '@playwright/test';
import { signIn } from './helpers';

function romeDate(days: number): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome' }).format(new Date(Date.now() + days * 86_400_000));
}

// The demo sends no mail: it keeps it, and operators read it on the Mail page — the invitation a booker's guest
// would get, with its guest link.
test('an invitation made in the demo is read by an operator on the Mail page', async ({ browser }) => {
  const marcoCtx = await browser.newContext();
  const marco = await marcoCtx.newPage();
  await signIn(marco, 'marco@uniroma.test');
  await marco.goto('/rooms');
  await marco.locator('#room-list a', { hasText: 'Sala Seminari' }).first().click();
  const title = `Invito e2e ${Date.now() % 100000}`;
  await marco.locator('#b-title').fill(title);
  await marco.locator('#b-date').fill(romeDate(11));
  await marco.locator('#b-start').fill('15:00');
  await marco.locator('#b-end').fill('16:00');
  await expect(marco.locator('#b-invitees')).toBeEnabled();
  await marco.locator('#b-invitees').fill('ada.e2e@example.org');
  await marco.locator('#booking-form button[type=submit]').click();
  await expect(marco.locator('#booking-outcome')).toBeVisible();
  await marcoCtx.close();

  const opCtx = await browser.newContext();
  const op = await opCtx.newPage();
  await signIn(op, 'operator@convene.test');
  await op.getByRole('link', { name: /^(Mail|Posta)$/ }).click();
  await expect(op).toHaveURL(/\/admin\/mail$/);
  const item = op.locator('#mail-list li', { hasText: 'ada.e2e@example.org' }).first();
  await expect(item).toBeVisible();
  // Kept by the worker within moments; its text is there to read.
  await expect.poll(async () => {
    await op.reload();
    return op.locator('#mail-list li', { hasText: 'ada.e2e@example.org' }).first().locator('details').count();
  }, { timeout: 30_000 }).toBeGreaterThan(0);
  await op.locator('#mail-list li', { hasText: 'ada.e2e@example.org' }).first().locator('summary').click();
  await expect(op.locator('#mail-list li', { hasText: 'ada.e2e@example.org' }).first().locator('.mail-body')).toContainText('/guest/');
  await opCtx.close();
});
