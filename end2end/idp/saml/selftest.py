#!/usr/bin/env python3
"""Drives the test SAML IdP without a browser, as the example SP (sp-example.xml / sp-example.key) would: a signed
HTTP-Redirect AuthnRequest, the login form, the auto-POST form; checks the Response with xmlsec1 (signatures with
the IdP's certificate from its metadata, decryption with the SP's key) and its contents; then that unsigned or
tampered AuthnRequests are refused and that each bad mode shows its defect.

    eval "$(scripts/idp start-saml --sp-metadata end2end/idp/saml/sp-example.xml)"
    end2end/idp/saml/.venv/bin/python end2end/idp/saml/selftest.py

Reads IDP_SAML_METADATA_URL, IDP_SAML_SSO_URL, IDP_SAML_CA.
"""

import atexit
import base64
import datetime
import os
import re
import secrets
import shutil
import ssl
import subprocess
import sys
import tempfile
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
import zlib

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding

HERE = os.path.dirname(os.path.abspath(__file__))
SP_ENTITY = "https://127.0.0.1:3443/saml/metadata"
SP_ACS = "https://127.0.0.1:3443/saml/acs"
NS = {
    "samlp": "urn:oasis:names:tc:SAML:2.0:protocol",
    "saml": "urn:oasis:names:tc:SAML:2.0:assertion",
    "ds": "http://www.w3.org/2000/09/xmldsig#",
    "xenc": "http://www.w3.org/2001/04/xmlenc#",
    "md": "urn:oasis:names:tc:SAML:2.0:metadata",
}
RSA_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"
OID_EPPN = "urn:oid:1.3.6.1.4.1.5923.1.1.1.6"
OID_EPSA = "urn:oid:1.3.6.1.4.1.5923.1.1.1.9"
OID_MAIL = "urn:oid:0.9.2342.19200300.100.1.3"
OID_DISPLAY = "urn:oid:2.16.840.1.113730.3.1.241"
OID_GIVEN = "urn:oid:2.5.4.42"
OID_SN = "urn:oid:2.5.4.4"

metadata_url = os.environ["IDP_SAML_METADATA_URL"]
sso_url = os.environ["IDP_SAML_SSO_URL"]
ctx = ssl.create_default_context(cafile=os.environ["IDP_SAML_CA"])
origin = re.match(r"https://[^/]+", metadata_url).group(0)
work = tempfile.mkdtemp(prefix="saml-selftest.")
atexit.register(shutil.rmtree, work, True)
with open(os.path.join(HERE, "sp-example.key"), "rb") as f:
    sp_key = serialization.load_pem_private_key(f.read(), None)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


opener = urllib.request.build_opener(urllib.request.HTTPSHandler(context=ctx), NoRedirect)


def http(url, data=None):
    try:
        with opener.open(urllib.request.Request(url, data=data), timeout=30) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


def authn_request(request_id):
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return (
        f'<samlp:AuthnRequest xmlns:samlp="{NS["samlp"]}" xmlns:saml="{NS["saml"]}" ID="{request_id}" '
        f'Version="2.0" IssueInstant="{now}" Destination="{sso_url}" AssertionConsumerServiceURL="{SP_ACS}" '
        f'ProtocolBinding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST">'
        f"<saml:Issuer>{SP_ENTITY}</saml:Issuer>"
        f'<samlp:NameIDPolicy Format="urn:oasis:names:tc:SAML:2.0:nameid-format:transient" AllowCreate="true"/>'
        f"</samlp:AuthnRequest>"
    )


def redirect_url(request_xml, relay_state="/rooms?x=1&y=~*", sign=True, tamper=False):
    deflater = zlib.compressobj(9, zlib.DEFLATED, -15)
    encoded = base64.b64encode(deflater.compress(request_xml.encode()) + deflater.flush()).decode()
    query = "SAMLRequest=" + urllib.parse.quote_plus(encoded)
    if relay_state is not None:
        query += "&RelayState=" + urllib.parse.quote_plus(relay_state)
    if sign:
        query += "&SigAlg=" + urllib.parse.quote_plus(RSA_SHA256)
        signature = sp_key.sign(query.encode(), padding.PKCS1v15(), hashes.SHA256())
        if tamper:
            query = query.replace("RelayState=", "RelayState=evil", 1)
        query += "&Signature=" + urllib.parse.quote_plus(base64.b64encode(signature).decode())
    return f"{sso_url}?{query}"


def login(mode="good", user="alice", password=None):
    """A signed SP-initiated login; returns (request id, form action, RelayState, response XML)."""
    request_id = "_" + secrets.token_hex(16)
    status, body = http(redirect_url(authn_request(request_id)))
    if status != 200:
        raise RuntimeError(f"SSO answered {status}: {body[:300]}")
    for needed in ('id="username"', 'id="password"', 'id="login"', 'name="flow"'):
        if needed not in body:
            raise RuntimeError(f"login form without {needed}")
    flow = re.search(r'name="flow" value="([^"]+)"', body).group(1)
    data = urllib.parse.urlencode(
        {"flow": flow, "username": user, "password": password or f"{user}-pass", "mode": mode}
    ).encode()
    status, body = http(f"{origin}/login", data)
    if status != 200 or "SAMLResponse" not in body:
        raise RuntimeError(f"login answered {status}: {body[:300]}")
    action = re.search(r'<form id="saml-post" method="post" action="([^"]+)"', body).group(1)
    b64 = re.search(r'name="SAMLResponse" value="([^"]+)"', body).group(1)
    relay = re.search(r'name="RelayState" value="([^"]*)"', body)
    relay = relay and relay.group(1).replace("&amp;", "&")
    return request_id, action, relay, base64.b64decode(b64).decode()


def xmlsec(*args):
    return subprocess.run(["xmlsec1", *args], capture_output=True, text=True)


def verify(xml, which, cert):
    """xmlsec1 --verify of the Response's (which='Response') or the Assertion's signature with the given cert."""
    path = os.path.join(work, f"verify-{secrets.token_hex(4)}.xml")
    with open(path, "w") as f:
        f.write(xml)
    xpath = {
        "Response": "/*[local-name()='Response']/*[local-name()='Signature']",
        "Assertion": "//*[local-name()='Assertion']/*[local-name()='Signature']",
    }[which]
    r = xmlsec(
        "--verify", "--pubkey-cert-pem", cert, "--id-attr:ID", "urn:oasis:names:tc:SAML:2.0:protocol:Response",
        "--id-attr:ID", "urn:oasis:names:tc:SAML:2.0:assertion:Assertion", "--node-xpath", xpath, path,
    )
    return r.returncode == 0


def decrypt(xml):
    """The response with its EncryptedAssertion decrypted by the SP's key (xmlsec1 --decrypt)."""
    if "EncryptedAssertion" not in xml:
        return xml
    path = os.path.join(work, f"enc-{secrets.token_hex(4)}.xml")
    with open(path, "w") as f:
        f.write(xml)
    r = xmlsec(
        "--decrypt", "--privkey-pem", os.path.join(HERE, "sp-example.key"), "--id-attr:Id",
        "http://www.w3.org/2001/04/xmlenc#:EncryptedData", path,
    )
    if r.returncode != 0:
        raise RuntimeError(f"decryption failed: {r.stderr[-500:]}")
    return r.stdout


def attributes(doc):
    out = {}
    for a in doc.iter(f"{{{NS['saml']}}}Attribute"):
        out[a.get("Name")] = [v.text for v in a.findall("saml:AttributeValue", NS)]
    return out


passed = failed = 0


def check(name, ok, detail=""):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
    print(f"{'ok  ' if ok else 'FAIL'} {name}{': ' + detail if detail and not ok else ''}", flush=True)


# --- metadata
status, md = http(metadata_url)
mdoc = ET.fromstring(md)
check("metadata answers with an IDPSSODescriptor", status == 200 and mdoc.find("md:IDPSSODescriptor", NS) is not None)
sso_bindings = {s.get("Binding") for s in mdoc.iter(f"{{{NS['md']}}}SingleSignOnService")}
check("metadata has HTTP-Redirect and HTTP-POST SSO", any("HTTP-Redirect" in b for b in sso_bindings)
      and any("HTTP-POST" in b for b in sso_bindings))
check("metadata has a shibmd:Scope", "Scope" in md and "uni-a.example" in md)
signing = [
    kd.find(".//ds:X509Certificate", NS).text.strip()
    for kd in mdoc.iter(f"{{{NS['md']}}}KeyDescriptor")
    if kd.get("use") in (None, "signing")
]
check("metadata has a signing certificate", bool(signing))
idp_cert = os.path.join(work, "idp.pem")
with open(idp_cert, "w") as f:
    body = "\n".join(signing[0][i : i + 64] for i in range(0, len(signing[0]), 64))
    f.write(f"-----BEGIN CERTIFICATE-----\n{body}\n-----END CERTIFICATE-----\n")

# --- AuthnRequests that must be refused
rid = "_" + secrets.token_hex(16)
status, body = http(redirect_url(authn_request(rid), sign=False))
check("unsigned AuthnRequest from an SP that signs is refused", status == 400, f"{status} {body[:200]}")
status, body = http(redirect_url(authn_request(rid), tamper=True))
check("AuthnRequest with a tampered query is refused", status == 400, f"{status} {body[:200]}")
bad_acs = authn_request(rid).replace(SP_ACS, "https://evil.example/acs")
status, body = http(redirect_url(bad_acs))
check("AuthnRequest with an ACS URL not in the SP's metadata is refused", status == 400, f"{status} {body[:200]}")
status, body = http(redirect_url(authn_request(rid).replace(SP_ENTITY, "https://unknown-sp.example/md")))
check("AuthnRequest from an unknown SP is refused", status == 400, f"{status} {body[:200]}")

# --- a good login
request_id, action, relay, xml = login()
check("the response is posted to the SP's ACS with the RelayState", action == SP_ACS and relay == "/rooms?x=1&y=~*",
      f"{action} {relay}")
check("Response signature verifies with the IdP's certificate (xmlsec1)", verify(xml, "Response", idp_cert))
check("SignatureMethod rsa-sha256, DigestMethod sha256", RSA_SHA256 in xml and "xmlenc#sha256" in xml
      and "rsa-sha1" not in xml and "xmldsig#sha1" not in xml)
check("the assertion is encrypted (the SP's metadata has an encryption key)", "EncryptedAssertion" in xml
      and "xmlenc11#aes128-gcm" in xml and "rsa-oaep-mgf1p" in xml)
plain = decrypt(xml)
check("the decrypted Assertion's own signature verifies (xmlsec1)", verify(plain, "Assertion", idp_cert))
doc = ET.fromstring(plain)
assertion = doc.find(".//saml:Assertion", NS)
attrs = attributes(doc)
check("InResponseTo and Destination", doc.get("InResponseTo") == request_id and doc.get("Destination") == SP_ACS)
scd = assertion.find(".//saml:SubjectConfirmationData", NS)
check("SubjectConfirmation bearer: Recipient, InResponseTo, NotOnOrAfter", scd.get("Recipient") == SP_ACS
      and scd.get("InResponseTo") == request_id and scd.get("NotOnOrAfter"))
check("Audience is the SP", assertion.find(".//saml:Audience", NS).text == SP_ENTITY)
check("Issuer is the IdP", assertion.find("saml:Issuer", NS).text == mdoc.get("entityID"))
check("attributes released under urn:oid names", attrs.get(OID_EPPN) == ["alice@uni-a.example"]
      and attrs.get(OID_MAIL) == ["alice@uni-a.example"] and attrs.get(OID_DISPLAY) == ["Alice Anders"]
      and attrs.get(OID_GIVEN) == ["Alice"] and attrs.get(OID_SN) == ["Anders"]
      and "member@uni-a.example" in attrs.get(OID_EPSA, []), str(attrs))
check("NameFormat uri", all(a.get("NameFormat") == "urn:oasis:names:tc:SAML:2.0:attrname-format:uri"
                            for a in doc.iter(f"{{{NS['saml']}}}Attribute")))
_, _, _, bob = login(user="bob")
check("bob is staff", "staff@uni-a.example" in attributes(ET.fromstring(decrypt(bob))).get(OID_EPSA, []))
try:
    login(password="wrong")
    check("a wrong password is refused", False)
except RuntimeError as exc:
    check("a wrong password shows the form again", "200" in str(exc))

# --- bad modes


def parsed(xml):
    return ET.fromstring(decrypt(xml))


now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
expectations = {
    "response-signed-only": lambda x, d, rid: verify(x, "Response", idp_cert)
    and d.find(".//saml:Assertion/ds:Signature", NS) is None,
    "assertion-signed-only": lambda x, d, rid: d.find("ds:Signature", NS) is None
    and verify(decrypt(x), "Assertion", idp_cert),
    "unsigned": lambda x, d, rid: "Signature>" not in decrypt(x),
    "other-key": lambda x, d, rid: not verify(x, "Response", idp_cert) and d.find(".//ds:X509Certificate", NS) is not None,
    "sha1": lambda x, d, rid: "xmldsig#rsa-sha1" in x and "xmldsig#sha1" in x,
    "wrong-audience": lambda x, d, rid: d.find(".//saml:Audience", NS).text != SP_ENTITY and verify(x, "Response", idp_cert),
    "no-audience": lambda x, d, rid: d.find(".//saml:AudienceRestriction", NS) is None and verify(x, "Response", idp_cert),
    "expired": lambda x, d, rid: d.find(".//saml:Conditions", NS).get("NotOnOrAfter") < now
    and d.find(".//saml:SubjectConfirmationData", NS).get("NotOnOrAfter") < now,
    "not-yet-valid": lambda x, d, rid: d.find(".//saml:Conditions", NS).get("NotBefore") > now,
    "wrong-inresponseto": lambda x, d, rid: d.get("InResponseTo") not in (None, rid),
    "unsolicited": lambda x, d, rid: d.get("InResponseTo") is None,
    "wrong-destination": lambda x, d, rid: d.get("Destination") != SP_ACS,
    "wrong-recipient": lambda x, d, rid: d.get("Destination") == SP_ACS
    and d.find(".//saml:SubjectConfirmationData", NS).get("Recipient") != SP_ACS,
    "wrong-issuer": lambda x, d, rid: d.find("saml:Issuer", NS).text != mdoc.get("entityID") and verify(x, "Response", idp_cert),
    "two-assertions": lambda x, d, rid: len(d.findall("saml:Assertion", NS)) == 2
    and d.findall("saml:Assertion", NS)[0].find("ds:Signature", NS) is None
    and "mallory@uni-a.example" in ET.tostring(d.findall("saml:Assertion", NS)[0]).decode()
    and len({a.get("ID") for a in d.findall("saml:Assertion", NS)}) == 2,
    "duplicate-id": lambda x, d, rid: len({a.get("ID") for a in d.findall("saml:Assertion", NS)}) == 1
    and len(d.findall("saml:Assertion", NS)) == 2,
    "error-status": lambda x, d, rid: "status:AuthnFailed" in x and d.find("saml:Assertion", NS) is None
    and verify(x, "Response", idp_cert),
}
for mode, test in expectations.items():
    try:
        rid, _, _, x = login(mode=mode, user="bob")
        ok = bool(test(x, parsed(x), rid))
        detail = x[:400] if not ok else ""
    except Exception as exc:
        ok, detail = False, repr(exc)
    check(f"mode {mode}", ok, detail)

_, _, _, first = login(user="bob")
_, _, _, replayed = login(mode="replay", user="bob")
check("mode replay: the previous good response, byte for byte", first == replayed)
_, _, _, again = login(user="bob")
check("after the bad modes, a good login is good", verify(again, "Response", idp_cert) and again != first)

print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
