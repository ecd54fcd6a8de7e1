import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { hydrated, signIn } from './helpers';

// Sign-in through an institution's OpenID Connect provider (scripts/test starts a real one: npm oidc-provider on
// https with a throwaway CA). Convene's server checks the provider's certificate against that CA; the browser is
// told to accept it, as a person's browser would trust a real provider's.
test.use({ ignoreHTTPSErrors: true });

const env = process.env;

test('an operator adds a provider, an admin a rule, and a person signs in with the role it gives', async ({ page }) => {
  test.skip(!env.IDP_OIDC_ISSUER, 'scripts/test starts the OpenID provider (scripts/idp start-oidc)');
  test.setTimeout(60_000);
  // The operator adds the provider on its page (it is asked for its discovery document first).
  await signIn(page, 'operator@convene.test');
  await page.getByRole('navigation').getByRole('link', { name: 'Sign-in' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sign-in through institutions');
  const form = page.locator('#idp-form');
  await form.getByLabel('Institution').selectOption('uniroma');
  await form.getByLabel('Name on the sign-in page').fill('Uni A login');
  await form.getByLabel('Issuer (https address)').fill(env.IDP_OIDC_ISSUER!);
  await form.getByLabel('Client id').fill(env.IDP_OIDC_CLIENT_ID!);
  await form.getByLabel('Client secret').fill(env.IDP_OIDC_CLIENT_SECRET!);
  await form.getByLabel('Scopes').fill('openid email profile eduperson');
  await form.getByLabel(/CA certificate/).fill(readFileSync(env.IDP_OIDC_CA!, 'utf8'));
  await form.getByRole('button', { name: 'Check and add' }).click();
  await expect(page.getByRole('status')).toContainText('The provider answered and was added.');
  await expect(page.locator('#idp-admin-list')).toContainText('Uni A login');
  await page.getByRole('button', { name: 'Sign out' }).click();

  // The institution's admin: staff become admins.
  await signIn(page, 'admin@uniroma.test');
  await page.goto('/institutions/uniroma/sign-in');
  const rule = page.locator('#rule-form');
  await rule.getByLabel('Claim or attribute').fill('eduperson_scoped_affiliation');
  await rule.getByLabel(/^Value/).fill('staff@*');
  await rule.getByLabel('Role').selectOption('admin');
  await rule.getByRole('button', { name: 'Add a rule' }).click();
  await expect(page.locator('#rule-list')).toContainText('eduperson_scoped_affiliation = staff@* → Administrator');
  await page.getByRole('button', { name: 'Sign out' }).click();

  // Bob signs in through the provider, from a page that needed sign-in.
  await page.goto('/login?next=/rooms');
  await page.getByRole('link', { name: /Uni A login/ }).click();
  await page.locator('#username').fill('bob');
  await page.locator('#password').fill('bob-pass');
  await page.locator('#login').click();
  await expect(page).toHaveURL(/\/rooms$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Rooms');
  await expect(page.getByRole('navigation').getByRole('link', { name: /Members/ })).toBeVisible();
  await page.goto('/account');
  await expect(page.locator('#role-sources')).toContainText('eduperson_scoped_affiliation staff@uni-a.example');

  // Signing out goes on to the provider (the page's form-action allows it), which asks, then back to the front page.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL((url) => url.origin === new URL(env.IDP_OIDC_ISSUER!).origin);
  await page.getByRole('button', { name: /Yes, sign me out/ }).click();
  await expect(page).toHaveURL(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  await expect(page.getByRole('navigation').getByRole('link', { name: /Sign in/ })).toBeVisible();

  // The admin tests the provider with Alice's account: what it sent and the role, the admin still signed in.
  await signIn(page, 'admin@uniroma.test');
  await page.goto('/institutions/uniroma/sign-in');
  await page.getByRole('link', { name: 'Test sign-in' }).click();
  await page.locator('#username').fill('alice');
  await page.locator('#password').fill('alice-pass');
  await page.locator('#login').click();
  await expect(page).toHaveURL(/\/institutions\/uniroma\/sign-in#last-test$/);
  await expect(page.locator('#test-outcome')).toContainText("Role: Member, the provider's default");
  await expect(page.locator('#test-claims')).toContainText('student@uni-a.example');
  await page.locator('#last-test').screenshot({ path: 'test-results/test-sign-in.png' });
  await page.goto('/account');
  await expect(page.locator('main')).toContainText('admin@uniroma.test');
});

// Sign-in through an institution's SAML 2.0 IdP (scripts/test starts one: pysaml2 on Debian's xmlsec1, https with a
// throwaway CA; it reads Convene's metadata from /saml/metadata). The IdP's page posts the answer cross-site.
test('an operator adds a SAML IdP by its metadata, and a person signs in through it', async ({ page }) => {
  test.skip(!env.IDP_SAML_METADATA_URL, 'scripts/test starts the SAML IdP (scripts/idp start-saml)');
  test.setTimeout(60_000);
  await signIn(page, 'operator@convene.test');
  await page.getByRole('navigation').getByRole('link', { name: 'Sign-in' }).click();
  const form = page.locator('#saml-form');
  await form.getByLabel('Institution').selectOption('usp');
  await form.getByLabel('Name on the sign-in page').fill('USP federation login');
  await form.getByLabel('Metadata address (https)').fill(env.IDP_SAML_METADATA_URL!);
  await form.getByLabel(/CA certificate/).fill(readFileSync(env.IDP_SAML_CA!, 'utf8'));
  await form.getByRole('button', { name: 'Read and add' }).click();
  await expect(form.getByRole('status')).toContainText('The IdP\'s metadata was read and checked');
  await expect(page.locator('#idp-admin-list')).toContainText('USP federation login');
  await expect(page.locator('#idp-admin-list')).toContainText('metadata valid until');
  await page.getByRole('button', { name: 'Sign out' }).click();

  // USP's admin: its students become guests (the rules read SAML attributes by the same names as OIDC claims).
  await signIn(page, 'admin@usp.test');
  await page.goto('/institutions/usp/sign-in');
  const rule = page.locator('#rule-form');
  await rule.getByLabel('Claim or attribute').fill('eduperson_scoped_affiliation');
  await rule.getByLabel(/^Value/).fill('student@*');
  await rule.getByLabel('Role').selectOption('guest');
  // Guests may not book by USP's policy; this rule lets its students book all the same.
  await rule.getByLabel('Book rooms').selectOption('yes');
  await rule.getByRole('button', { name: 'Add a rule' }).click();
  await expect(page.locator('#rule-list')).toContainText('student@* → Guest (may book rooms)');
  await page.locator('#rules').locator('..').screenshot({ path: 'test-results/sign-in-rules.png' });
  await page.getByRole('button', { name: 'Sign out' }).click();

  // Alice finds her institution on the sign-in page from a page that needed sign-in (the list narrows as she
  // types, without leaving the page), signs in at the IdP, and comes back there with the role the rule gives.
  await page.goto('/login?next=/rooms&q=USP');
  await hydrated(page);
  await page.locator('#idp-q').fill('nowhere');
  await expect(page.locator('#idp-none')).toContainText('nowhere');
  await expect(page.locator('#sign-in-choices li')).toHaveCount(0);
  await page.locator('#idp-q').fill('usp');
  await expect(page.locator('#sign-in-choices li')).not.toHaveCount(0);
  // The IdP's logo, read and checked by Convene when the IdP was added, served from Convene's own address.
  const logo = page.getByRole('link', { name: /USP federation login/ }).locator('img.idp-logo');
  await expect(logo).toHaveAttribute('src', /^\/idp-logo\/\d+\?v=[0-9a-f]{16}$/);
  await expect.poll(() => logo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(64);
  await page.locator('#sign-in-choices').screenshot({ path: 'test-results/sign-in-logos.png' });
  await expect(page).toHaveURL(/q=USP$/);
  await page.getByRole('link', { name: /USP federation login/ }).click();
  await expect(page.locator('#sp')).toContainText('/saml/metadata');
  await page.locator('#username').fill('alice');
  await page.locator('#password').fill('alice-pass');
  await page.locator('#login').click();
  await expect(page).toHaveURL(/\/rooms$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Rooms');
  await page.goto('/account');
  await expect(page.locator('#role-sources')).toContainText('eduperson_scoped_affiliation student@uni-a.example');
  await page.goto('/');
  await expect(page.locator('main')).toContainText('Alice Anders');
  // Signing out goes on to the IdP's single logout service and comes back saying both are done.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login\?notice=signed_out_everywhere$/);
  await expect(page.locator('#login-notice')).toHaveText(/signed out of Convene and of your institution/);
  await page.goto('/');
  await expect(page.getByRole('button', { name: 'Sign out' })).toHaveCount(0);
  // The sign-in page remembers the choice on this browser.
  await page.goto('/login');
  await expect(page.locator('#sign-in-choices li').first()).toContainText('last time');
  await expect(page.locator('#sign-in-choices li').first()).toContainText('USP federation login');
});
