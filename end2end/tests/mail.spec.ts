import { test, expect } from '@playwright/test';
import { signIn, romeDate } from './helpers';


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
  await marco.locator('#b-duration').selectOption('60');
  await expect(marco.locator('#b-invitees')).toBeEnabled();
  await marco.locator('#b-invitees').fill('ada.e2e@example.org');
  await marco.locator('#booking-form button[type=submit]').click();
  await expect(marco.locator('#booking-outcome')).toBeVisible();

  // On the booking's page (reached from the agenda) he takes Ada off and invites Bea instead.
  await marco.goto(`/bookings?view=agenda&from=${romeDate(11)}`);
  await marco.locator('#my-agenda a', { hasText: title }).click();
  const invited = marco.locator('#invitees');
  await expect(invited).toContainText('ada.e2e@example.org');
  await marco.getByLabel('Take ada.e2e@example.org off the invitation').check();
  await marco.locator('#invitees-add').fill('bea.e2e@example.org');
  await marco.locator('#invitees-form button[type=submit]').click();
  await expect(marco.locator('#invitees-outcome')).toContainText('One person invited, one taken off.');
  await expect(invited).toContainText('bea.e2e@example.org');
  await expect(invited).not.toContainText('ada.e2e@example.org');
  await marcoCtx.close();

  const opCtx = await browser.newContext();
  const op = await opCtx.newPage();
  await signIn(op, 'operator@convene.test');
  await op.getByRole('link', { name: /^(Mail|Posta)$/ }).click();
  await expect(op).toHaveURL(/\/admin\/mail$/);
  // Ada's invitation (the list is newest first: her cancellation and the booker's copies are there too).
  const adaInvitation = () => op.locator('#mail-list li[data-kind=invitation]')
    .filter({ has: op.locator('p.muted', { hasText: 'ada.e2e@example.org' }) }).first();
  await expect(adaInvitation()).toBeVisible();
  // Kept by the worker within moments; its text is there to read.
  await expect.poll(async () => {
    await op.reload();
    return adaInvitation().locator('details').count();
  }, { timeout: 30_000 }).toBeGreaterThan(0);
  await adaInvitation().locator('summary').click();
  await expect(adaInvitation().locator('.mail-body')).toContainText('/guest/');
  // Bea has her invitation; Ada, after hers, the cancellation.
  await expect(op.locator('#mail-list li[data-kind=invitation] p.muted', { hasText: 'bea.e2e@example.org' })).toHaveCount(1);
  await expect(op.locator('#mail-list li[data-kind=cancellation] p.muted', { hasText: 'ada.e2e@example.org' })).toHaveCount(1);
  await opCtx.close();
});
