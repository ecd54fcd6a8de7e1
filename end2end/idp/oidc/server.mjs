// A real OpenID Connect provider (npm oidc-provider, a certified OP) on loopback over TLS, for Convene's federated
// sign-in tests. One or more confidential clients, PKCE required, static test users with eduPerson claims, its own
// login page (#username, #password, #login) and automatic consent, an RS256 key made at start.
// "Bad" modes make the answers a relying party must refuse (see BAD_MODES below and docs/identity-providers.md).
//
//   node server.mjs --port 24443 --cert server.pem --key server.key [--issuer URL]
//                   [--client-id ID --client-secret S --redirect-uri URI ...] [--config clients.json] [--mode MODE]
// Every flag has an environment twin: OIDC_PORT, OIDC_TLS_CERT, OIDC_TLS_KEY, OIDC_ISSUER, OIDC_CLIENT_ID,
// OIDC_CLIENT_SECRET, OIDC_REDIRECT_URIS (space or comma separated), OIDC_CONFIG, OIDC_MODE, OIDC_ID_TOKEN_ALGS.
// Prints one line `ready <issuer>` once it listens.
import { createHmac, generateKeyPairSync, randomBytes, sign as rsaSign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import https from 'node:https';
import express from 'express';
import Provider from 'oidc-provider';

// ---------------------------------------------------------------------------------------------------- settings
function parseArgs(argv) {
  const out = { redirectUris: [] };
  for (let i = 0; i < argv.length; i += 1) {
    const flag = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${flag} needs a value`);
      i += 1;
      return argv[i];
    };
    switch (flag) {
      case '--port': out.port = value(); break;
      case '--cert': out.cert = value(); break;
      case '--key': out.key = value(); break;
      case '--issuer': out.issuer = value(); break;
      case '--config': out.config = value(); break;
      case '--client-id': out.clientId = value(); break;
      case '--client-secret': out.clientSecret = value(); break;
      case '--redirect-uri': out.redirectUris.push(value()); break;
      case '--mode': out.mode = value(); break;
      case '--id-token-algs': out.idTokenAlgs = value(); break;
      default: throw new Error(`unknown argument ${flag}`);
    }
  }
  return out;
}

const args = parseArgs(process.argv.slice(2));
const env = process.env;
const port = Number(args.port ?? env.OIDC_PORT ?? 24443);
const certFile = args.cert ?? env.OIDC_TLS_CERT;
const keyFile = args.key ?? env.OIDC_TLS_KEY;
if (!certFile || !keyFile) {
  console.error('TLS is required: give --cert and --key (or OIDC_TLS_CERT and OIDC_TLS_KEY)');
  process.exit(2);
}
const issuer = (args.issuer ?? env.OIDC_ISSUER ?? `https://127.0.0.1:${port}`).replace(/\/$/, '');
const prefix = new URL(issuer).pathname.replace(/\/$/, '');

// Clients: a JSON file ({"clients": [...]} or a list, oidc-provider's client metadata) and/or one from flags/env.
const clients = [];
const configFile = args.config ?? env.OIDC_CONFIG;
if (configFile) {
  const parsed = JSON.parse(readFileSync(configFile, 'utf8'));
  clients.push(...(Array.isArray(parsed) ? parsed : parsed.clients ?? []));
}
const redirectUris = args.redirectUris.length
  ? args.redirectUris
  : (env.OIDC_REDIRECT_URIS ?? '').split(/[\s,]+/).filter(Boolean);
const clientId = args.clientId ?? env.OIDC_CLIENT_ID;
if (clientId || redirectUris.length || !clients.length) {
  const secret = args.clientSecret ?? env.OIDC_CLIENT_SECRET;
  if (!secret) {
    console.error('a confidential client needs a secret: --client-secret or OIDC_CLIENT_SECRET');
    process.exit(2);
  }
  clients.push({
    client_id: clientId ?? 'convene',
    client_secret: secret,
    redirect_uris: redirectUris.length ? redirectUris : ['https://127.0.0.1:3443/auth/oidc/callback'],
    // Where RP-initiated logout may send the browser back to: the front page of each redirect URI's site.
    post_logout_redirect_uris: (redirectUris.length ? redirectUris : ['https://127.0.0.1:3443/auth/oidc/callback'])
      .map((u) => `${new URL(u).origin}/`),
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    token_endpoint_auth_method: env.OIDC_CLIENT_AUTH_METHOD ?? 'client_secret_basic',
  });
}
for (const c of clients) {
  c.grant_types ??= ['authorization_code', 'refresh_token'];
  c.response_types ??= ['code'];
}

// ---------------------------------------------------------------------------------------------------- users
// Static test users. `sub` is stable and opaque; the login name is `preferred_username`.
const USERS = {
  alice: {
    password: 'alice-pass',
    claims: {
      sub: 'uni-a-0001-alice',
      email: 'alice@uni-a.example',
      email_verified: true,
      name: 'Alice Anders',
      given_name: 'Alice',
      family_name: 'Anders',
      preferred_username: 'alice',
      eduperson_principal_name: 'alice@uni-a.example',
      schac_home_organization: 'uni-a.example',
      eduperson_scoped_affiliation: ['member@uni-a.example', 'student@uni-a.example'],
    },
  },
  bob: {
    password: 'bob-pass',
    claims: {
      sub: 'uni-a-0002-bob',
      email: 'bob@uni-a.example',
      email_verified: true,
      name: 'Bob Brandt',
      given_name: 'Bob',
      family_name: 'Brandt',
      preferred_username: 'bob',
      eduperson_principal_name: 'bob@uni-a.example',
      schac_home_organization: 'uni-a.example',
      eduperson_scoped_affiliation: ['member@uni-a.example', 'staff@uni-a.example'],
    },
  },
  carol: {
    password: 'carol-pass',
    claims: {
      sub: 'uni-b-0003-carol',
      email: 'carol@uni-b.example',
      email_verified: true,
      name: 'Carol Castro',
      given_name: 'Carol',
      family_name: 'Castro',
      preferred_username: 'carol',
      eduperson_principal_name: 'carol@uni-b.example',
      schac_home_organization: 'uni-b.example',
      eduperson_scoped_affiliation: ['member@uni-b.example', 'faculty@uni-b.example'],
    },
  },
  // An e-mail address the provider does not vouch for: a relying party must not link accounts by it.
  dave: {
    password: 'dave-pass',
    claims: {
      sub: 'uni-a-0004-dave',
      email: 'dave@uni-a.example',
      email_verified: false,
      name: 'Dave Dorn',
      given_name: 'Dave',
      family_name: 'Dorn',
      preferred_username: 'dave',
      eduperson_principal_name: 'dave@uni-a.example',
      schac_home_organization: 'uni-a.example',
      eduperson_scoped_affiliation: ['affiliate@uni-a.example'],
    },
  },
};
const USERS_BY_SUB = new Map(Object.entries(USERS).map(([login, u]) => [u.claims.sub, { login, ...u }]));

// ---------------------------------------------------------------------------------------------------- bad modes
// Chosen per login (the login form's #mode select), or as the default (--mode / OIDC_MODE, or POST /_test/mode).
const BAD_MODES = {
  good: 'a correct answer',
  'wrong-key': 'id_token signed with another RSA key under the real kid',
  'unknown-kid': 'id_token signed with another RSA key under a kid the JWKS does not have',
  'alg-none': 'id_token with alg "none" and no signature',
  hs256: 'id_token signed HS256 with the client secret',
  'wrong-aud': 'id_token for another audience',
  'extra-aud': 'id_token with a second, untrusted audience',
  'wrong-iss': 'id_token iss of another provider',
  'nonce-mismatch': 'id_token nonce different from the one sent',
  'no-nonce': 'id_token without its nonce',
  expired: 'id_token expired 10 minutes ago',
  'iat-future': 'id_token issued one hour in the future',
  'no-sub': 'id_token without sub',
  'userinfo-sub': 'userinfo answers for another sub',
  'iss-param-mismatch': 'authorization response iss parameter of another provider (mix-up)',
  'iss-param-missing': 'authorization response without the iss parameter',
  'state-mismatch': 'authorization response with another state',
};
let defaultMode = args.mode ?? env.OIDC_MODE ?? 'good';
if (!(defaultMode in BAD_MODES)) {
  console.error(`unknown mode ${defaultMode}; one of: ${Object.keys(BAD_MODES).join(' ')}`);
  process.exit(2);
}
// Where a login's mode is looked up later: by interaction uid (authorization response), nonce (token), access
// token (userinfo), and the account's last login when the client sent no nonce.
const modeByUid = new Map();
const modeByNonce = new Map();
const modeBySub = new Map();
const modeByAccessToken = new Map();

// ---------------------------------------------------------------------------------------------------- keys
const b64url = (buf) => Buffer.from(buf).toString('base64url');
function makeRsaKey(kid) {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...privateKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' };
  return { privateKey, jwk };
}
const signingKey = makeRsaKey(`rs256-${randomBytes(6).toString('hex')}`);
const otherKey = makeRsaKey('other');

function signJwt(header, payload, key) {
  const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
  let sig = '';
  if (header.alg === 'RS256') sig = b64url(rsaSign('sha256', Buffer.from(input), key));
  else if (header.alg === 'HS256') sig = b64url(createHmac('sha256', key).update(input).digest());
  return `${input}.${sig}`;
}
function decodeJwt(jwt) {
  const [h, p] = jwt.split('.');
  return { header: JSON.parse(Buffer.from(h, 'base64url')), payload: JSON.parse(Buffer.from(p, 'base64url')) };
}

function tamperIdToken(idToken, mode) {
  const { header, payload } = decodeJwt(idToken);
  const now = Math.floor(Date.now() / 1000);
  let key = signingKey.privateKey;
  let head = { alg: 'RS256', typ: header.typ, kid: signingKey.jwk.kid };
  switch (mode) {
    case 'wrong-key': key = otherKey.privateKey; break;
    case 'unknown-kid': key = otherKey.privateKey; head.kid = `unknown-${randomBytes(4).toString('hex')}`; break;
    case 'alg-none': head = { alg: 'none', typ: header.typ }; break;
    case 'hs256': {
      const client = clients.find((c) => c.client_id === payload.aud) ?? clients[0];
      head = { alg: 'HS256', typ: header.typ };
      key = client.client_secret;
      break;
    }
    case 'wrong-aud': payload.aud = 'another-client'; break;
    case 'extra-aud': payload.aud = [payload.aud, 'another-client']; break;
    case 'wrong-iss': payload.iss = 'https://other-provider.example'; break;
    case 'nonce-mismatch': payload.nonce = randomBytes(16).toString('base64url'); break;
    case 'no-nonce': delete payload.nonce; break;
    case 'expired': payload.iat = now - 1200; payload.exp = now - 600; break;
    case 'iat-future': payload.iat = now + 3600; payload.exp = now + 7200; break;
    case 'no-sub': delete payload.sub; break;
    default: return idToken;
  }
  if (head.typ === undefined) delete head.typ;
  return signJwt(head, payload, key);
}

// ---------------------------------------------------------------------------------------------------- provider
const idTokenAlgs = (args.idTokenAlgs ?? env.OIDC_ID_TOKEN_ALGS ?? 'RS256').split(/[\s,]+/).filter(Boolean);
const provider = new Provider(issuer, {
  clients,
  jwks: { keys: [signingKey.jwk] },
  cookies: { keys: [randomBytes(32).toString('hex')] },
  pkce: { required: () => true },
  // Scope-requested claims go into the id_token too, not only to userinfo.
  conformIdTokenClaims: false,
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name', 'given_name', 'family_name', 'preferred_username'],
    eduperson: ['eduperson_principal_name', 'eduperson_scoped_affiliation'],
    // As a federation-wide proxy names each person's institution.
    schac: ['schac_home_organization'],
  },
  enabledJWA: { idTokenSigningAlgValues: idTokenAlgs },
  features: {
    devInteractions: { enabled: false },
    claimsParameter: { enabled: true },
  },
  interactions: { url: (_ctx, interaction) => `${prefix}/interaction/${interaction.uid}` },
  ttl: {
    AccessToken: 600,
    AuthorizationCode: 60,
    IdToken: 600,
    Interaction: 600,
    Session: 3600,
    Grant: 3600,
    RefreshToken: 3600,
  },
  async findAccount(_ctx, sub) {
    const user = USERS_BY_SUB.get(sub);
    if (!user) return undefined;
    return { accountId: sub, claims: async () => ({ ...user.claims }) };
  },
  renderError(ctx, out) {
    ctx.type = 'html';
    ctx.body = page('Error', `<p id="error">${esc(out.error)}: ${esc(out.error_description ?? '')}</p>`);
  },
});
provider.on('server_error', (_ctx, err) => console.error('server_error', err));

// Bad modes that act on the provider's own answers.
provider.use(async (ctx, next) => {
  await next();
  // Authorization response (the redirect back to the client after the interaction): /auth/<uid>.
  const resume = ctx.path.match(/^\/auth\/([^/]+)$/);
  const location = ctx.response.get('Location');
  if (resume && location && modeByUid.has(resume[1])) {
    const mode = modeByUid.get(resume[1]);
    const url = new URL(location);
    if (url.searchParams.has('code') || url.searchParams.has('error')) {
      if (mode === 'iss-param-mismatch') url.searchParams.set('iss', 'https://other-provider.example');
      if (mode === 'iss-param-missing') url.searchParams.delete('iss');
      if (mode === 'state-mismatch') url.searchParams.set('state', randomBytes(16).toString('base64url'));
      ctx.redirect(url.href);
    }
  }
  if (ctx.path === '/token' && ctx.method === 'POST' && ctx.status === 200 && ctx.body?.id_token) {
    const { payload } = decodeJwt(ctx.body.id_token);
    const mode = (payload.nonce && modeByNonce.get(payload.nonce)) ?? modeBySub.get(payload.sub) ?? defaultMode;
    if (ctx.body.access_token) modeByAccessToken.set(ctx.body.access_token, mode);
    ctx.body = { ...ctx.body, id_token: tamperIdToken(ctx.body.id_token, mode) };
  }
  if (ctx.path === '/me' && ctx.status === 200 && ctx.body?.sub) {
    const bearer = (ctx.get('authorization').match(/^Bearer\s+(\S+)$/i) ?? [])[1];
    if ((modeByAccessToken.get(bearer) ?? modeBySub.get(ctx.body.sub) ?? defaultMode) === 'userinfo-sub') {
      ctx.body = { ...ctx.body, sub: 'someone-else' };
    }
  }
});

// ---------------------------------------------------------------------------------------------------- pages
function esc(s) {
  return String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}
function page(title, body) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title>
<style>body{font:16px sans-serif;max-width:28rem;margin:3rem auto}label{display:block;margin:.6rem 0}
input,select{display:block;width:100%;padding:.3rem}#error{color:#a00}</style></head>
<body><h1>${esc(title)}</h1>${body}</body></html>`;
}
function loginPage(uid, clientName, error, username = '') {
  const options = Object.entries(BAD_MODES)
    .map(([m, what]) => `<option value="${m}"${m === defaultMode ? ' selected' : ''}>${esc(m)}: ${esc(what)}</option>`)
    .join('');
  return page('Test identity provider: sign in', `
<p>Signing in to <strong id="client">${esc(clientName)}</strong>.</p>
${error ? `<p id="error" role="alert">${esc(error)}</p>` : ''}
<form id="login-form" method="post" action="${prefix}/interaction/${esc(uid)}/login" autocomplete="off">
  <label for="username">Username<input id="username" name="username" value="${esc(username)}" required autofocus></label>
  <label for="password">Password<input id="password" name="password" type="password" required></label>
  <label for="mode">Answer<select id="mode" name="mode">${options}</select></label>
  <button id="login" type="submit">Sign in</button>
</form>
<form method="post" action="${prefix}/interaction/${esc(uid)}/abort"><button id="cancel" type="submit">Cancel</button></form>`);
}

// Grants everything the client asked for (automatic consent).
async function consentGrant(details, accountId) {
  const { params, prompt, grantId } = details;
  const grant = grantId
    ? await provider.Grant.find(grantId)
    : new provider.Grant({ accountId, clientId: params.client_id });
  grant.addOIDCScope(String(params.scope ?? 'openid'));
  const missing = prompt.details ?? {};
  if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
  if (params.claims) {
    try {
      const c = JSON.parse(params.claims);
      grant.addOIDCClaims([...Object.keys(c.id_token ?? {}), ...Object.keys(c.userinfo ?? {})]);
    } catch { /* the provider has already refused malformed claims */ }
  }
  for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes ?? {})) {
    grant.addResourceScope(indicator, scopes.join(' '));
  }
  return grant.save();
}

const app = express();
app.disable('x-powered-by');
app.use((_req, res, next) => { res.set('Cache-Control', 'no-store'); next(); });
const form = express.urlencoded({ extended: false });

app.get(`${prefix}/interaction/:uid`, async (req, res, next) => {
  try {
    const details = await provider.interactionDetails(req, res);
    if (details.prompt.name === 'login') {
      const client = await provider.Client.find(details.params.client_id);
      res.type('html').send(loginPage(details.uid, client?.clientName ?? details.params.client_id));
      return;
    }
    // consent (or any other prompt once logged in): granted without asking
    const grantId = await consentGrant(details, details.session.accountId);
    await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
  } catch (err) { next(err); }
});

app.post(`${prefix}/interaction/:uid/login`, form, async (req, res, next) => {
  try {
    const details = await provider.interactionDetails(req, res);
    const { username = '', password = '', mode = defaultMode } = req.body ?? {};
    const user = USERS[username];
    if (!user || user.password !== password) {
      const client = await provider.Client.find(details.params.client_id);
      res.status(200).type('html')
        .send(loginPage(details.uid, client?.clientName ?? details.params.client_id, 'Wrong username or password.', username));
      return;
    }
    const chosen = mode in BAD_MODES ? mode : defaultMode;
    const accountId = user.claims.sub;
    modeByUid.set(details.uid, chosen);
    if (details.params.nonce) modeByNonce.set(details.params.nonce, chosen);
    modeBySub.set(accountId, chosen);
    const grantId = await consentGrant(details, accountId);
    await provider.interactionFinished(req, res, {
      login: { accountId, amr: ['pwd'], remember: false },
      consent: { grantId },
    }, { mergeWithLastSubmission: false });
  } catch (err) { next(err); }
});

app.post(`${prefix}/interaction/:uid/abort`, async (req, res, next) => {
  try {
    await provider.interactionFinished(req, res, {
      error: 'access_denied',
      error_description: 'The user cancelled the sign-in.',
    }, { mergeWithLastSubmission: false });
  } catch (err) { next(err); }
});

// Test control: the default mode (GET shows it and the list; POST mode=NAME sets it).
app.get(`${prefix}/_test/mode`, (_req, res) => res.json({ mode: defaultMode, modes: BAD_MODES }));
app.post(`${prefix}/_test/mode`, form, (req, res) => {
  const mode = req.body?.mode ?? req.query.mode;
  if (!(mode in BAD_MODES)) { res.status(400).json({ error: 'unknown mode', modes: Object.keys(BAD_MODES) }); return; }
  defaultMode = mode;
  modeBySub.clear();
  res.json({ mode: defaultMode });
});

app.use(prefix || '/', provider.callback());

app.use((err, _req, res, _next) => {
  console.error(err);
  res.status(err.statusCode ?? err.status ?? 500).type('html').send(page('Error', `<p id="error">${esc(err.message)}</p>`));
});

const server = https.createServer({ cert: readFileSync(certFile), key: readFileSync(keyFile) }, app);
server.on('error', (err) => { console.error(`cannot listen on 127.0.0.1:${port}: ${err.message}`); process.exit(1); });
server.listen(port, '127.0.0.1', () => { console.log(`ready ${issuer}`); });
for (const sig of ['SIGTERM', 'SIGINT']) process.on(sig, () => server.close(() => process.exit(0)));
