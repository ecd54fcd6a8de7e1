import { test, expect, Page, Locator } from '@playwright/test';
import { hydrated, signIn } from './helpers';

/** Local date and time in Rome (the demo institution's zone), `minutes` from now, rounded up to 5 minutes. */
function romeSoon(minutes: number): { date: string; time: string } {
  const t = new Date(Date.now() + minutes * 60_000);
  t.setUTCMinutes(Math.ceil(t.getUTCMinutes() / 5) * 5, 0, 0);
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/Rome', year: 'numeric', month: '2-digit', day: '2-digit',
    hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  }).formatToParts(t);
  const p = (k: string) => parts.find((x) => x.type === k)!.value;
  return { date: `${p('year')}-${p('month')}-${p('day')}`, time: `${p('hour')}:${p('minute')}` };
}

/** Scrolls the page to the calendar and the calendar to an hour before `hour`, as a person would (the form
 *  below it may have scrolled it out of sight; the calendar shows working hours, its frame scrolls the rest). */
async function showHour(column: Locator, hour: number) {
  await column.evaluate((el, h) => {
    const frame = el.closest('.cal-frame') as HTMLElement;
    frame.scrollIntoView({ block: 'start' });
    frame.scrollTop = ((el as HTMLElement).offsetHeight * Math.max(0, h - 1)) / 24;
  }, hour);
}

/** Sweeps a day column from hour `from` to hour `to` (fractions of the day). */
async function sweep(page: Page, column: Locator, from: number, to: number) {
  await showHour(column, Math.min(from, to));
  const box = (await column.boundingBox())!;
  const x = box.x + box.width / 2;
  await page.mouse.move(x, box.y + (box.height * from) / 24);
  await page.mouse.down();
  await page.mouse.move(x, box.y + (box.height * (from + to) / 2) / 24, { steps: 4 });
  await page.mouse.move(x, box.y + (box.height * to) / 24, { steps: 4 });
  await page.mouse.up();
}

test('book by dragging, see the conflict, start the meeting, let a guest in, watch the pool', async ({ browser }) => {
  test.setTimeout(120_000);
  // Marco opens a room of his institution and goes to next week.
  const marcoCtx = await browser.newContext();
  const marco = await marcoCtx.newPage();
  await signIn(marco, 'marco@uniroma.test');
  await marco.goto('/rooms');
  await marco.locator('#room-list a', { hasText: 'Sala Seminari' }).first().click();
  await expect(marco.getByRole('heading', { level: 1 })).toHaveText('Sala Seminari');
  await marco.locator('a[rel=next]').click();
  await hydrated(marco);
  const wednesday = marco.locator('#calendar ol.cal-bookings').nth(2);

  // Sweeping 10:00–11:00 fills the booking form; he names it and books.
  await sweep(marco, wednesday, 10.05, 10.9);
  await expect(marco.locator('#b-start')).toHaveValue('10:00');
  await expect(marco.locator('#b-duration')).toHaveValue('60');
  await expect(marco.locator('#b-end')).toHaveValue('');
  await expect(marco.locator('#b-title')).toBeFocused();
  await marco.locator('#b-title').fill('Seminario e2e');
  await marco.locator('#booking-form button[type=submit]').click();
  await expect(marco.locator('#booking-outcome')).toBeVisible();
  await expect(wednesday.locator('li.booking', { hasText: 'Seminario e2e' })).toBeVisible();

  // Sweeping across it (09:00–10:30) and booking is refused with the reason; nothing new appears.
  await sweep(marco, wednesday, 9.05, 10.4);
  await expect(marco.locator('#b-start')).toHaveValue('09:00');
  await expect(marco.locator('#b-duration')).toHaveValue('90');
  await marco.locator('#b-title').fill('Sovrapposta');
  await marco.locator('#booking-form button[type=submit]').click();
  await expect(marco.locator('#booking-form [role=alert]')).toContainText(/overlaps another booking|si sovrappone/);
  await expect(wednesday.locator('li.booking')).toHaveCount(1);

  // Dragging the booking down by an hour moves it (the server agrees); the calendar shows the new time.
  const block = wednesday.locator('li.booking', { hasText: 'Seminario e2e' });
  await showHour(wednesday, 10);
  const b = (await block.boundingBox())!;
  const col = (await wednesday.boundingBox())!;
  await marco.mouse.move(b.x + b.width / 2, b.y + 4);
  await marco.mouse.down();
  await marco.mouse.move(b.x + b.width / 2, b.y + 4 + col.height / 24, { steps: 6 });
  await marco.mouse.up();
  await expect(wednesday.locator('li.booking', { hasText: '11:00–12:00' })).toBeVisible();

  // Another booking at 13:00–14:00 (through the form, same day); dragging the first one onto it is refused by the
  // server: the reason is shown and the booking snaps back to 11:00–12:00.
  await marco.locator('#b-start').fill('13:00');
  await marco.locator('#b-duration').selectOption('60');
  await marco.locator('#b-title').fill('Ostacolo');
  await marco.locator('#booking-form button[type=submit]').click();
  await expect(wednesday.locator('li.booking', { hasText: 'Ostacolo' })).toContainText('13:00–14:00');
  const moved = wednesday.locator('li.booking', { hasText: 'Seminario e2e' });
  await showHour(wednesday, 11);
  const m = (await moved.boundingBox())!;
  await marco.mouse.move(m.x + m.width / 2, m.y + 4);
  await marco.mouse.down();
  await marco.mouse.move(m.x + m.width / 2, m.y + 4 + (2 * col.height) / 24, { steps: 6 });
  await marco.mouse.up();
  await expect(marco.locator('#drag-error [role=alert]')).toContainText(/overlaps another booking|si sovrappone/);
  await expect(moved).toContainText('11:00–12:00');

  // A booking starting in a few minutes, through the form; its meeting can be started now.
  await marco.goto('/rooms');
  await marco.locator('#room-list a', { hasText: 'Sala Seminari' }).first().click();
  await hydrated(marco);
  const start = romeSoon(5);
  await marco.locator('#b-title').fill('Lezione dal vivo');
  await marco.locator('#b-date').fill(start.date);
  await marco.locator('#b-start').fill(start.time);
  await marco.locator('#b-duration').selectOption('30');
  await marco.locator('#b-expected').fill('10');
  await marco.locator('#booking-form button[type=submit]').click();
  await expect(marco.locator('#booking-outcome')).toBeVisible();

  // A guest link, made before the meeting starts.
  await marco.locator('#guest-link-form button[type=submit]').click();
  const guestUrl = await marco.locator('#gl-url').inputValue();
  expect(guestUrl).toContain('/guest/');

  await marco.reload();
  await hydrated(marco);
  await marco.locator('#join-button').click();
  await marco.waitForURL(/\/bigbluebutton\/sim\/client/);
  await expect(marco.locator('#meeting-name')).toHaveText('Lezione dal vivo');
  await expect(marco.locator('#me')).toHaveText('Marco Rossi');

  // The guest, without an account, gives a name and joins.
  const guestCtx = await browser.newContext();
  const guest = await guestCtx.newPage();
  await guest.goto(guestUrl);
  await expect(guest.getByRole('heading', { level: 1 })).toHaveText('Sala Seminari');
  await guest.locator('#guest-name').fill('Ada Ospite');
  await guest.locator('#guest-form button[type=submit]').click();
  await guest.waitForURL(/\/bigbluebutton\/sim\/client/);
  await expect(guest.locator('#participants')).toContainText('Marco Rossi');
  await expect(guest.locator('#participants')).toContainText('Ada Ospite');

  // The operator's live dashboard counts both participants.
  const opCtx = await browser.newContext();
  const op = await opCtx.newPage();
  await signIn(op, 'operator@convene.test');
  await op.goto('/admin/pool');
  await hydrated(op);
  await expect(op.locator('#pool-table tr', { hasText: 'sim-roma' }).locator('td').nth(4)).toHaveText('2', {
    timeout: 40_000,
  });
  await marcoCtx.close();
  await guestCtx.close();
  await opCtx.close();
});
