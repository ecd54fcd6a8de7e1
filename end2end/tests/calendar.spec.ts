import { test, expect } from '@playwright/test';
import { hydrated, romeDate, signIn } from './helpers';

// The calendar read at a glance: hour labels, weekday names, today and the "now" line, working hours shown first,
// the mini month, the keyboard; on a phone one day at a time, swiped within the calendar, the page never
// scrolling sideways. Screenshots at desktop and phone size are kept (test-results/week-*.png; copies in docs/).
test('the week view reads at a glance, with the keyboard and on a phone', async ({ page }) => {
  await signIn(page, 'marco@uniroma.test');
  await page.goto('/rooms');
  await page.locator('#room-list a', { hasText: 'Sala Seminari' }).first().click();
  await hydrated(page);
  const calendar = page.locator('#calendar');
  await expect(calendar.locator('.cal-hours li')).toHaveCount(24);
  await expect(calendar.locator('.cal-hours li').nth(9)).toHaveText('09:00');
  await expect(calendar.locator('.cal-date a')).toHaveCount(7);
  // Weekday names in the page's language; today marked once, with the "now" line.
  await expect(calendar.locator('.cal-date a').first()).toHaveText(/^Mon \d+$/);
  await expect(calendar.locator('.cal-day.today')).toHaveCount(1);
  await expect(calendar.locator('.cal-day.today .cal-now')).toHaveCount(1);
  // Working hours first (the frame has scrolled past the night), or now when now is outside them: either way what
  // is shown first is in sight, whatever the time of the run.
  const frame = page.locator('.cal-frame');
  await expect.poll(() => frame.evaluate((el) => {
    const f = el as HTMLElement;
    const now = f.querySelector('.cal-now') as HTMLElement | null;
    const col = f.querySelector('.cal-col') as HTMLElement;
    const hour = col.offsetHeight / 24;
    const nowTop = now ? now.offsetTop : null;
    const target = nowTop !== null && (nowTop < hour * 7.5 || nowTop > hour * 18) ? nowTop : hour * 7.5;
    return target >= f.scrollTop - 1 && target <= f.scrollTop + f.clientHeight;
  })).toBe(true);
  await frame.scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/week-desktop.png' });
  // The room page as it opens: the institution's mark, the meeting panel, the calendar's toolbar.
  await page.evaluate(() => window.scrollTo(0, 0));
  await expect(page.locator('#brand-bar')).toContainText('Università di Roma');
  await page.screenshot({ path: 'test-results/room-desktop.png' });

  // The keyboard: → moves between days, PageDown to the next week, the mini month jumps to a date.
  await calendar.locator('.cal-date a').first().focus();
  await page.keyboard.press('ArrowRight');
  await expect(calendar.locator('.cal-date a').nth(1)).toBeFocused();
  const first = await calendar.locator('.cal-day').first().getAttribute('data-day');
  await page.keyboard.press('PageDown');
  await expect(page).toHaveURL(/view=week&from=/);
  await expect(calendar.locator('.cal-day').first()).not.toHaveAttribute('data-day', first!);
  await expect(calendar.locator('.cal-day.today')).toHaveCount(0);
  await page.locator('.mini-month summary').click();
  await page.locator('.mini-month-box > a').click();
  await expect(calendar.locator('.cal-day').first()).toHaveAttribute('data-day', first!);

  // A phone: the page never scrolls sideways; the days do, within the calendar, one at a time.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  await expect(calendar).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  const day = await calendar.locator('.cal-day').first().boundingBox();
  const box = await calendar.boundingBox();
  expect(day!.width).toBeGreaterThan(box!.width * 0.7);
  expect(await calendar.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
  await page.locator('.cal-frame').scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/week-phone.png' });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: 'test-results/room-phone.png' });
});

// Forms in everyday language: a duration chosen from a list, dates left out with date pickers (one more once the
// page runs), and the agenda list of "My bookings" showing what was booked, day by day.
test('a weekly series with a duration and a left-out date, read in the agenda', async ({ page }) => {
  await signIn(page, 'marco@uniroma.test');
  await page.goto('/rooms');
  await page.locator('#room-list a', { hasText: 'Sala Seminari' }).first().click();
  await hydrated(page);
  const [first, skipped, third] = [romeDate(22), romeDate(29), romeDate(36)];
  const title = `Agenda e2e ${Date.now() % 100000}`;
  await page.locator('#b-title').fill(title);
  await page.locator('#b-date').fill(first);
  await page.locator('#b-start').fill('16:00');
  await expect(page.locator('#b-duration option')).toHaveCount(16);
  await page.locator('#b-duration').selectOption('45');
  await page.locator('details.repeat summary').click();
  await page.locator('#b-repeat').selectOption('weekly');
  await page.locator('#b-count').fill('3');
  const pickers = page.locator('#b-skip input[type=date]');
  await expect(pickers).toHaveCount(2);
  await page.locator('#b-skip-more').click();
  await expect(pickers).toHaveCount(3);
  await pickers.nth(1).fill(skipped);
  await page.locator('#booking-form button[type=submit]').click();
  await expect(page.locator('#booking-outcome')).toBeVisible();

  await page.goto(`/bookings?view=agenda&from=${first}`);
  const agenda = page.locator('#my-agenda');
  await expect(page.locator('.cal-modes a[aria-current=page]')).toHaveText('List');
  const items = agenda.locator('.agenda-item', { hasText: title });
  // Three weeks asked, the second left out: two, each 45 minutes.
  await expect(items).toHaveCount(2);
  await expect(items.first()).toContainText('16:00–16:45');
  await expect(agenda.locator(`.agenda-day[data-day="${first}"]`)).toContainText(title);
  await expect(agenda.locator(`.agenda-day[data-day="${third}"]`)).toContainText(title);
  await expect(agenda.locator(`.agenda-day[data-day="${skipped}"]`, { hasText: title })).toHaveCount(0);
  // The day heading names the weekday; its link opens that day.
  await expect(agenda.locator(`.agenda-day[data-day="${first}"] h2`)).toHaveText(/^\w+day, \w+ \d+, \d{4}/);
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
  await page.screenshot({ path: 'test-results/agenda-phone.png', fullPage: true });
});
