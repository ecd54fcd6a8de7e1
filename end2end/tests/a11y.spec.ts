import { test, expect, Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { signIn } from './helpers';

// Every page of every role, checked by axe (WCAG 2.1 A and AA rules) in the light and the dark scheme: nothing
// serious or critical. Failures are gathered across pages, so one run lists them all.
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

async function findings(page: Page, path: string): Promise<string[]> {
  await page.goto(path);
  await expect(page.locator('main')).toBeVisible();
  const out: string[] = [];
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    const r = await new AxeBuilder({ page }).withTags(TAGS).analyze();
    for (const v of r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')) {
      const where = v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ');
      out.push(`${path} (${scheme}): ${v.id} — ${v.help} — ${where}`);
    }
  }
  return out;
}

async function roomHref(page: Page, name: string): Promise<string> {
  await page.goto('/rooms');
  return (await page.locator('#room-list a', { hasText: name }).first().getAttribute('href'))!;
}

test('every page passes axe for every role, light and dark', async ({ browser }) => {
  test.setTimeout(180_000);
  const problems: string[] = [];

  const anon = await (await browser.newContext()).newPage();
  for (const path of ['/', '/login', '/login/forgot', '/login/reset/not-a-real-link', '/guest/not-a-real-link', '/no-such-page']) {
    problems.push(...(await findings(anon, path)));
  }

  const marco = await (await browser.newContext()).newPage();
  await signIn(marco, 'marco@uniroma.test');
  const room = await roomHref(marco, 'Sala Seminari');
  for (const path of ['/', '/rooms', room, `${room}?view=day`, `${room}?view=month`, '/bookings', '/bookings?view=month',
    '/bookings?view=agenda', '/account']) {
    problems.push(...(await findings(marco, path)));
  }
  // A booking's page (the demo's bookings are Marco's).
  await marco.goto('/bookings?view=agenda');
  const booking = await marco.locator('#my-agenda a[href*="/bookings/"]').first().getAttribute('href');
  if (booking) problems.push(...(await findings(marco, booking)));

  const admin = await (await browser.newContext()).newPage();
  await signIn(admin, 'admin@uniroma.test');
  for (const path of ['/', '/admin/institutions/uniroma', '/institutions/uniroma/members', '/institutions/uniroma/sign-in',
    '/institutions/uniroma/booking-rules', '/admin/pool', await roomHref(admin, 'Aula Magna')]) {
    problems.push(...(await findings(admin, path)));
  }

  const op = await (await browser.newContext()).newPage();
  await signIn(op, 'operator@convene.test');
  for (const path of ['/', '/admin/institutions', '/admin/pool', '/admin/identity', '/admin/mail', '/rooms']) {
    problems.push(...(await findings(op, path)));
  }

  expect(problems).toEqual([]);
});
