import { test, expect } from '@playwright/test';
import { hydrated, signIn } from './helpers';

// The Content-Security-Policy lets the nonce'd hydration script and the WASM run, and nothing injected.
test('the room page hydrates under the CSP, with no violation, and an injected inline script does not run', async ({ page }) => {
  const violations: string[] = [];
  page.on('console', (m) => {
    if (/content security policy|refused to/i.test(m.text())) violations.push(m.text());
  });
  page.on('pageerror', (e) => violations.push(e.message));

  await signIn(page, 'marco@uniroma.test');
  await page.goto('/rooms');
  const href = await page.locator('#room-list a', { hasText: 'Sala Seminari' }).first().getAttribute('href');
  const res = await page.goto(href!);
  const csp = res!.headers()['content-security-policy'];
  expect(csp).toContain("script-src 'self' 'nonce-");
  expect(csp).toContain("'wasm-unsafe-eval'");
  expect(csp).toContain("object-src 'none'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(res!.headers()['referrer-policy']).toBe('same-origin');
  expect(res!.headers()['x-content-type-options']).toBe('nosniff');
  expect(res!.headers()['cache-control']).toBe('no-store');
  const nonce = /'nonce-([^']+)'/.exec(csp)![1];
  // The hydration script carries this response's nonce (the browser hides the attribute's value from the DOM).
  expect(await page.locator('script[type=module]').evaluate((s) => (s as HTMLScriptElement).nonce)).toBe(nonce);

  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sala Seminari');
  await hydrated(page);
  expect(violations, violations.join('\n')).toEqual([]);

  // A script injected into the page without the nonce is refused by the browser.
  const ran = await page.evaluate(async () => {
    const refused = new Promise<boolean>((resolve) => {
      document.addEventListener('securitypolicyviolation', () => resolve(true), { once: true });
      setTimeout(() => resolve(false), 2000);
    });
    const s = document.createElement('script');
    s.textContent = 'window.__injected = true;';
    document.body.appendChild(s);
    return { refused: await refused, injected: (window as any).__injected === true };
  });
  expect(ran).toEqual({ refused: true, injected: false });
});
