// Drives the test OpenID Connect provider without a browser, as a relying party would: authorization request with
// PKCE and nonce, the login form, the code exchange, id_token signature and claims, userinfo; then that a wrong
// PKCE verifier and a missing code_challenge are refused, and that each bad mode shows its defect.
//   eval "$(scripts/idp start-oidc)"; node end2end/idp/oidc/selftest.mjs
// Reads IDP_OIDC_ISSUER, IDP_OIDC_CLIENT_ID, IDP_OIDC_CLIENT_SECRET, IDP_OIDC_CA; the client's redirect URI is
// IDP_OIDC_REDIRECT_URI (default the one scripts/idp registers). Nothing is served at the redirect URI: the flow
// stops at the redirect and reads the code from it.
import { createHash, createHmac, createPublicKey, randomBytes, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import https from 'node:https';

const env = process.env;
const issuer = env.IDP_OIDC_ISSUER;
const clientId = env.IDP_OIDC_CLIENT_ID ?? 'convene';
const clientSecret = env.IDP_OIDC_CLIENT_SECRET;
const ca = readFileSync(env.IDP_OIDC_CA);
const redirectUri = env.IDP_OIDC_REDIRECT_URI ?? 'https://127.0.0.1:3443/auth/oidc/callback';
if (!issuer || !clientSecret) throw new Error('set IDP_OIDC_ISSUER and IDP_OIDC_CLIENT_SECRET (scripts/idp start-oidc)');

function request(url, { method = 'GET', headers = {}, body, jar } = {}) {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const h = { ...headers };
    if (jar?.size) h.cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    if (body) h['content-length'] = Buffer.byteLength(body);
    const req = https.request(u, { method, headers: h, ca }, (res) => {
      let data = '';
      res.setEncoding('utf8');
      res.on('data', (c) => { data += c; });
      res.on('end', () => {
        for (const c of res.headers['set-cookie'] ?? []) {
          const [pair] = c.split(';');
          const i = pair.indexOf('=');
          const name = pair.slice(0, i);
          const value = pair.slice(i + 1);
          if (jar) { if (value === '' || /expires=Thu, 01 Jan 1970/i.test(c)) jar.delete(name); else jar.set(name, value); }
        }
        resolve({ status: res.statusCode, headers: res.headers, body: data });
      });
    });
    req.on('error', reject);
    if (body) req.write(body);
    req.end();
  });
}
const form = (o) => new URLSearchParams(o).toString();
const b64url = (b) => Buffer.from(b).toString('base64url');
const basic = `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`).toString('base64')}`;

const config = JSON.parse((await request(`${issuer}/.well-known/openid-configuration`)).body);
const jwks = JSON.parse((await request(config.jwks_uri)).body);

function checkJwt(jwt) {
  const [h, p, s] = jwt.split('.');
  const header = JSON.parse(Buffer.from(h, 'base64url'));
  const payload = JSON.parse(Buffer.from(p, 'base64url'));
  let signature = 'invalid';
  if (header.alg === 'RS256') {
    const jwk = jwks.keys.find((k) => k.kid === header.kid);
    if (!jwk) signature = 'unknown kid';
    else if (verify('sha256', Buffer.from(`${h}.${p}`), createPublicKey({ key: jwk, format: 'jwk' }), Buffer.from(s, 'base64url'))) signature = 'valid';
  } else if (header.alg === 'HS256') {
    signature = createHmac('sha256', clientSecret).update(`${h}.${p}`).digest('base64url') === s ? 'hs256 with client secret' : 'invalid';
  } else signature = `alg ${header.alg}`;
  return { header, payload, signature };
}

// One authorization-code flow; returns what a relying party would look at.
async function flow({ user = 'alice', password = `${user}-pass`, mode = 'good', verifier, challenge } = {}) {
  const jar = new Map();
  const state = b64url(randomBytes(16));
  const nonce = b64url(randomBytes(16));
  const codeVerifier = b64url(randomBytes(32));
  const codeChallenge = challenge ?? b64url(createHash('sha256').update(codeVerifier).digest());
  const q = { client_id: clientId, redirect_uri: redirectUri, response_type: 'code', scope: 'openid email profile eduperson', state, nonce };
  if (codeChallenge) Object.assign(q, { code_challenge: codeChallenge, code_challenge_method: 'S256' });
  let r = await request(`${config.authorization_endpoint}?${form(q)}`, { jar });
  if (r.status !== 303) throw new Error(`authorize: ${r.status}`);
  let loc = new URL(r.headers.location, issuer);
  if (loc.href.startsWith(redirectUri)) return { authError: Object.fromEntries(loc.searchParams) };
  r = await request(loc.href, { jar });
  if (!/id="username"/.test(r.body) || !/id="password"/.test(r.body) || !/id="login"/.test(r.body)) throw new Error('no login form');
  const action = r.body.match(/<form id="login-form" method="post" action="([^"]+)"/)[1];
  r = await request(new URL(action, issuer).href, {
    method: 'POST', jar, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form({ username: user, password, mode }),
  });
  if (r.status === 200) return { loginError: /id="error"/.test(r.body) };
  r = await request(new URL(r.headers.location, issuer).href, { jar });
  loc = new URL(r.headers.location, issuer);
  const back = Object.fromEntries(loc.searchParams);
  const out = { back, state, nonce };
  if (!back.code) return out;
  r = await request(config.token_endpoint, {
    method: 'POST',
    headers: { authorization: basic, 'content-type': 'application/x-www-form-urlencoded' },
    body: form({ grant_type: 'authorization_code', code: back.code, redirect_uri: redirectUri, code_verifier: verifier ?? codeVerifier }),
  });
  out.tokenStatus = r.status;
  out.token = JSON.parse(r.body);
  if (out.token.id_token) out.id = checkJwt(out.token.id_token);
  if (out.token.access_token) {
    r = await request(config.userinfo_endpoint, { headers: { authorization: `Bearer ${out.token.access_token}` } });
    out.userinfo = JSON.parse(r.body);
  }
  return out;
}

let passed = 0;
let failed = 0;
function check(name, ok, detail = '') {
  if (ok) passed += 1; else failed += 1;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}${detail ? `: ${detail}` : ''}`);
}

const now = Math.floor(Date.now() / 1000);
const good = await flow();
check('discovery: issuer, RS256, PKCE S256 only, iss parameter', config.issuer === issuer
  && config.id_token_signing_alg_values_supported.includes('RS256')
  && JSON.stringify(config.code_challenge_methods_supported) === '["S256"]'
  && config.authorization_response_iss_parameter_supported === true);
check('authorization response: code, same state, iss parameter', good.back.code && good.back.state === good.state && good.back.iss === issuer);
check('token endpoint answers 200 with id_token and access_token', good.tokenStatus === 200 && good.token.id_token && good.token.access_token);
check('id_token RS256 signature verifies with the JWKS', good.id.signature === 'valid', good.id.signature);
const c = good.id.payload;
check('id_token iss/aud/nonce/exp', c.iss === issuer && c.aud === clientId && c.nonce === good.nonce && c.exp > now);
check('id_token carries the eduPerson and profile claims', c.eduperson_principal_name === 'alice@uni-a.example'
  && JSON.stringify(c.eduperson_scoped_affiliation) === '["member@uni-a.example","student@uni-a.example"]'
  && c.email === 'alice@uni-a.example' && c.email_verified === true && c.name === 'Alice Anders'
  && c.given_name === 'Alice' && c.family_name === 'Anders' && c.preferred_username === 'alice', JSON.stringify(c));
check('userinfo answers the same sub and claims', good.userinfo.sub === c.sub
  && good.userinfo.eduperson_principal_name === 'alice@uni-a.example' && Array.isArray(good.userinfo.eduperson_scoped_affiliation));
const bob = await flow({ user: 'bob' });
check('bob is staff', bob.id?.payload.eduperson_scoped_affiliation?.includes('staff@uni-a.example'));
const wrongPw = await flow({ password: 'nope' });
check('a wrong password shows the form again with #error', wrongPw.loginError === true);
const wrongVerifier = await flow({ verifier: b64url(randomBytes(32)) });
check('a wrong PKCE verifier is refused at the token endpoint', wrongVerifier.tokenStatus === 400 && wrongVerifier.token.error === 'invalid_grant',
  `${wrongVerifier.tokenStatus} ${JSON.stringify(wrongVerifier.token)}`);
const noPkce = await flow({ challenge: '' });
check('an authorization request without code_challenge is refused', noPkce.authError?.error === 'invalid_request', JSON.stringify(noPkce.authError));

// Each bad mode: the defect is there (and only what the mode names changes).
const expect = {
  'wrong-key': (o) => o.id.signature === 'invalid' && o.id.header.kid === jwks.keys[0].kid,
  'unknown-kid': (o) => o.id.signature === 'unknown kid',
  'alg-none': (o) => o.id.header.alg === 'none' && o.token.id_token.endsWith('.'),
  hs256: (o) => o.id.signature === 'hs256 with client secret',
  'wrong-aud': (o) => o.id.signature === 'valid' && o.id.payload.aud === 'another-client',
  'extra-aud': (o) => o.id.signature === 'valid' && Array.isArray(o.id.payload.aud) && o.id.payload.aud.length === 2,
  'wrong-iss': (o) => o.id.signature === 'valid' && o.id.payload.iss !== issuer,
  'nonce-mismatch': (o) => o.id.signature === 'valid' && o.id.payload.nonce && o.id.payload.nonce !== o.nonce,
  'no-nonce': (o) => o.id.signature === 'valid' && !('nonce' in o.id.payload),
  expired: (o) => o.id.signature === 'valid' && o.id.payload.exp < now,
  'iat-future': (o) => o.id.signature === 'valid' && o.id.payload.iat > now + 600,
  'no-sub': (o) => o.id.signature === 'valid' && !('sub' in o.id.payload),
  'userinfo-sub': (o) => o.id.signature === 'valid' && o.userinfo.sub !== o.id.payload.sub,
  'iss-param-mismatch': (o) => o.back.code && o.back.iss && o.back.iss !== issuer,
  'iss-param-missing': (o) => o.back.code && !('iss' in o.back),
  'state-mismatch': (o) => o.back.code && o.back.state !== o.state,
};
for (const [mode, test] of Object.entries(expect)) {
  const o = await flow({ user: 'bob', mode });
  let ok = false;
  try { ok = Boolean(test(o)); } catch { ok = false; }
  check(`mode ${mode}`, ok, ok ? '' : JSON.stringify({ back: o.back, id: o.id, userinfo: o.userinfo }));
}
// The next good login is good again (a mode is per login).
const again = await flow({ user: 'bob' });
check('after the bad modes, a good login is good', again.id?.signature === 'valid' && again.id.payload.nonce === again.nonce);

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
