#!/usr/bin/env python3
"""A test federation's metadata publisher: a signed SAML metadata aggregate (md:EntitiesDescriptor, rsa-sha256 with
exclusive canonicalisation, signed by Debian's xmlsec1) of the given IdPs' metadata, plus synthetic IdPs if asked
(for size figures), served over https on loopback.

    federation.py --port 24643 --cert server.pem --key server.key --out DIR
                  --idp-metadata URL|FILE [--idp-metadata ...] [--idp-ca ca.pem]
                  [--synthetic N] [--valid-hours 48] [--cache-duration PT1H] [--name urn:...]

It writes into DIR the federation's signing key and certificate (federation-signing.pem: what a consumer is given to
trust) and these aggregates, each served at /<name>:
  federation.xml             good: signed, validUntil in --valid-hours
  federation-tampered.xml    a display name changed after signing (the signature no longer verifies)
  federation-other-key.xml   signed by another key (its certificate embedded)
  federation-expired.xml     signed, but validUntil an hour ago
  federation-sha1.xml        signed with rsa-sha1 / sha1
GET /_test/rebuild re-reads the IdPs' metadata and signs again (a consumer's refresh then sees new content).

It also answers the Metadata Query protocol for the same IdPs: GET /entities/<URL-encoded entity id> is that one
IdP's metadata as a signed EntityDescriptor (its own ID, validUntil and cacheDuration), 404 for an entity it does
not know. Under /tampered, /other-key and /expired the same answers come changed after signing, signed by another
key, or expired (a base address for a consumer that must refuse them).
Prints one line `ready https://127.0.0.1:PORT/federation.xml` once it listens.
"""

import argparse
import datetime
import os
import re
import secrets
import ssl
import subprocess
import sys
import threading
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from idp import TLSServer, make_keypair  # noqa: E402  (the IdP's own helpers)

MD = "urn:oasis:names:tc:SAML:2.0:metadata"
DS = "http://www.w3.org/2000/09/xmldsig#"
RSA_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"
SHA256 = "http://www.w3.org/2001/04/xmlenc#sha256"
RSA_SHA1 = "http://www.w3.org/2000/09/xmldsig#rsa-sha1"
SHA1 = "http://www.w3.org/2000/09/xmldsig#sha1"


def read_source(source, ca):
    if source.startswith("https://") or source.startswith("http://"):
        ctx = ssl.create_default_context(cafile=ca) if source.startswith("https") and ca else None
        with urllib.request.urlopen(source, context=ctx, timeout=10) as r:
            return r.read().decode()
    with open(source, encoding="utf-8") as f:
        return f.read()


def entity_text(xml):
    """An EntityDescriptor document as an element to embed: no XML declaration, no signature of its own."""
    xml = re.sub(r"^\s*<\?xml[^>]*\?>", "", xml).strip()
    return re.sub(r"<(\w+:)?Signature[\s>].*?</\1Signature>", "", xml, flags=re.S)


def synthetic_entity(i, cert_b64):
    """The metadata of an IdP that does not run: a realistic size and shape, for figures."""
    host = f"idp{i}.synthetic.example"
    scope = f"uni{i}.synthetic.example"
    return f"""<md:EntityDescriptor xmlns:md="{MD}" xmlns:ds="{DS}" xmlns:mdui="urn:oasis:names:tc:SAML:metadata:ui" xmlns:shibmd="urn:mace:shibboleth:metadata:1.0" entityID="https://{host}/idp/shibboleth">
 <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
  <md:Extensions>
   <shibmd:Scope regexp="false">{scope}</shibmd:Scope>
   <mdui:UIInfo>
    <mdui:DisplayName xml:lang="en">Synthetic University {i}</mdui:DisplayName>
    <mdui:DisplayName xml:lang="it">Università sintetica {i}</mdui:DisplayName>
    <mdui:Logo height="16" width="16">https://{host}/logo.png</mdui:Logo>
   </mdui:UIInfo>
  </md:Extensions>
  <md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>{cert_b64}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>
  <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://{host}/idp/profile/SAML2/Redirect/SSO"/>
 </md:IDPSSODescriptor>
</md:EntityDescriptor>"""


def cert_body(pem_file):
    with open(pem_file) as f:
        return "".join(l.strip() for l in f if not l.startswith("-----"))


def template(entities, name, valid_until, cache_duration, sig_alg, digest_alg):
    ident = "_" + secrets.token_hex(16)
    until = valid_until.strftime("%Y-%m-%dT%H:%M:%SZ")
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<md:EntitiesDescriptor xmlns:md="{MD}" xmlns:ds="{DS}" ID="{ident}" Name="{name}" validUntil="{until}" cacheDuration="{cache_duration}">
<ds:Signature><ds:SignedInfo><ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/><ds:SignatureMethod Algorithm="{sig_alg}"/><ds:Reference URI="#{ident}"><ds:Transforms><ds:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/><ds:Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/></ds:Transforms><ds:DigestMethod Algorithm="{digest_alg}"/><ds:DigestValue/></ds:Reference></ds:SignedInfo><ds:SignatureValue/><ds:KeyInfo><ds:X509Data><ds:X509Certificate/></ds:X509Data></ds:KeyInfo></ds:Signature>
{chr(10).join(entities)}
</md:EntitiesDescriptor>
"""


def sign(xml, key, cert, out_file, xmlsec, element="EntitiesDescriptor"):
    tmp = out_file + ".template"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(xml)
    subprocess.run(
        [xmlsec, "--sign", "--privkey-pem", f"{key},{cert}", "--id-attr:ID", f"{MD}:{element}",
         "--output", out_file, tmp],
        check=True,
        capture_output=True,
    )
    os.remove(tmp)


def entity_template(entity, valid_until, cache_duration):
    """One entity as an MDQ answer: the EntityDescriptor itself carries the ID, validity and the signature, which
    must be its first child."""
    ident = "_" + secrets.token_hex(16)
    until = valid_until.strftime("%Y-%m-%dT%H:%M:%SZ")
    m = re.match(r"<((?:[\w.-]+:)?)EntityDescriptor\b([^>]*?)(/?)>", entity)
    if not m:
        raise ValueError("not an EntityDescriptor")
    attrs = re.sub(r'\s(?:ID|validUntil|cacheDuration)="[^"]*"', "", m.group(2))
    prefix = m.group(1)
    head = (f'<{prefix}EntityDescriptor{attrs} ID="{ident}" validUntil="{until}" cacheDuration="{cache_duration}"'
            + ("" if f'xmlns:{prefix[:-1]}=' in attrs or not prefix else f' xmlns:{prefix[:-1]}="{MD}"')
            + ("" if "xmlns:ds=" in attrs else f' xmlns:ds="{DS}"') + ">")
    signature = (f'<ds:Signature><ds:SignedInfo><ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>'
                 f'<ds:SignatureMethod Algorithm="{RSA_SHA256}"/><ds:Reference URI="#{ident}"><ds:Transforms>'
                 f'<ds:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/>'
                 f'<ds:Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/></ds:Transforms>'
                 f'<ds:DigestMethod Algorithm="{SHA256}"/><ds:DigestValue/></ds:Reference></ds:SignedInfo>'
                 f'<ds:SignatureValue/><ds:KeyInfo><ds:X509Data><ds:X509Certificate/></ds:X509Data></ds:KeyInfo></ds:Signature>')
    body = entity[m.end():] if not m.group(3) else f"</{prefix}EntityDescriptor>"
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{head}{signature}{body}\n'


class Federation:
    def __init__(self, opts):
        self.opts = opts
        self.lock = threading.Lock()
        out = opts.out
        self.key, self.cert = make_keypair(out, "federation-signing", "Convene test federation signing", days=30)
        self.other_key, self.other_cert = make_keypair(out, "federation-other", "Not the federation", days=30)
        self.entities = {}  # entity id -> EntityDescriptor text
        self.build()

    def mdq(self, variant, entity_id):
        """The signed MDQ answer for one entity (None when unknown)."""
        with self.lock:
            entity = self.entities.get(entity_id)
        if entity is None:
            return None
        now = datetime.datetime.now(datetime.timezone.utc)
        until = now - datetime.timedelta(hours=1) if variant == "expired" else now + datetime.timedelta(hours=self.opts.valid_hours)
        key, cert = (self.other_key, self.other_cert) if variant == "other-key" else (self.key, self.cert)
        out = os.path.join(self.opts.out, f"mdq-{secrets.token_hex(8)}.xml")
        sign(entity_template(entity, until, self.opts.cache_duration), key, cert, out, self.opts.xmlsec,
             element="EntityDescriptor")
        with open(out, encoding="utf-8") as f:
            answer = f.read()
        os.remove(out)
        if variant == "tampered":
            answer, n = re.subn(r"(DisplayName[^>]*>)([^<]*)", r"\1Mallory University", answer, count=1)
            if n == 0:
                answer = answer.replace("</md:EntityDescriptor>", "<!-- changed --></md:EntityDescriptor>")
        return answer

    def build(self):
        o = self.opts
        entities = [entity_text(read_source(s, o.idp_ca)) for s in o.idp_metadata]
        by_id = {}
        for e in entities:
            m = re.search(r'entityID="([^"]+)"', e)
            if m:
                by_id[m.group(1)] = e
        if o.synthetic:
            body = cert_body(self.other_cert)
            entities += [synthetic_entity(i, body) for i in range(1, o.synthetic + 1)]
        now = datetime.datetime.now(datetime.timezone.utc)
        good_until = now + datetime.timedelta(hours=o.valid_hours)
        out = o.out
        with self.lock:
            sign(template(entities, o.name, good_until, o.cache_duration, RSA_SHA256, SHA256), self.key, self.cert,
                 os.path.join(out, "federation.xml"), o.xmlsec)
            sign(template(entities, o.name, good_until, o.cache_duration, RSA_SHA256, SHA256), self.other_key,
                 self.other_cert, os.path.join(out, "federation-other-key.xml"), o.xmlsec)
            sign(template(entities, o.name, now - datetime.timedelta(hours=1), o.cache_duration, RSA_SHA256, SHA256),
                 self.key, self.cert, os.path.join(out, "federation-expired.xml"), o.xmlsec)
            sign(template(entities, o.name, good_until, o.cache_duration, RSA_SHA1, SHA1), self.key, self.cert,
                 os.path.join(out, "federation-sha1.xml"), o.xmlsec)
            self.entities = by_id
            with open(os.path.join(out, "federation.xml"), encoding="utf-8") as f:
                good = f.read()
            # Tampered after signing: the first display name (or entity id) changed.
            tampered, n = re.subn(r"(DisplayName[^>]*>)([^<]*)", r"\1Mallory University", good, count=1)
            if n == 0:
                tampered = good.replace('entityID="', 'entityID="https://mallory.example/', 1)
            with open(os.path.join(out, "federation-tampered.xml"), "w", encoding="utf-8") as f:
                f.write(tampered)


def make_handler(fed):
    names = {"federation.xml", "federation-tampered.xml", "federation-other-key.xml", "federation-expired.xml",
             "federation-sha1.xml"}

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True

        def log_message(self, fmt, *args):
            sys.stderr.write("%s %s\n" % (self.log_date_time_string(), fmt % args))

        def send(self, status, body, ctype):
            data = body if isinstance(body, bytes) else body.encode()
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self):
            path = self.path.split("?")[0].lstrip("/")
            if path == "_test/rebuild":
                fed.build()
                self.send(200, "rebuilt\n", "text/plain")
            elif re.match(r"^(?:(tampered|other-key|expired)/)?entities/", path):
                variant, _, rest = path.partition("entities/")
                entity_id = urllib.parse.unquote(rest)
                answer = fed.mdq(variant.rstrip("/"), entity_id)
                if answer is None:
                    self.send(404, "no such entity\n", "text/plain")
                else:
                    self.send(200, answer, "application/samlmetadata+xml")
            elif path in names:
                with fed.lock, open(os.path.join(fed.opts.out, path), "rb") as f:
                    data = f.read()
                self.send(200, data, "application/samlmetadata+xml")
            else:
                self.send(404, "not found\n", "text/plain")

    return Handler


def main():
    p = argparse.ArgumentParser(description="A signed SAML metadata aggregate for tests (https on loopback).")
    p.add_argument("--port", type=int, default=24643)
    p.add_argument("--cert", required=True, help="TLS certificate (PEM)")
    p.add_argument("--key", required=True, help="TLS key (PEM)")
    p.add_argument("--out", required=True, help="directory for keys and aggregates")
    p.add_argument("--idp-metadata", action="append", default=[], help="an IdP's metadata (URL or file); repeat")
    p.add_argument("--idp-ca", help="CA file for https IdP metadata")
    p.add_argument("--synthetic", type=int, default=0, help="this many synthetic IdPs besides")
    p.add_argument("--valid-hours", type=float, default=48)
    p.add_argument("--cache-duration", default="PT1H")
    p.add_argument("--name", default="urn:convene:test-federation")
    p.add_argument("--xmlsec", default="/usr/bin/xmlsec1")
    opts = p.parse_args()
    os.makedirs(opts.out, exist_ok=True)
    fed = Federation(opts)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    ctx.load_cert_chain(opts.cert, opts.key)
    try:
        httpd = TLSServer(("127.0.0.1", opts.port), make_handler(fed), ctx)
    except OSError as exc:
        print(f"cannot listen on 127.0.0.1:{opts.port}: {exc}", file=sys.stderr, flush=True)
        sys.exit(1)
    print(f"ready https://127.0.0.1:{opts.port}/federation.xml", flush=True)
    try:
        httpd.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    import signal

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    main()
