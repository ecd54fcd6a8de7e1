#!/usr/bin/env python3
"""Prints a signed SAML Response from the test IdP for the example SP (sp-example.xml), signing in as alice:
a signed AuthnRequest over HTTP-Redirect, the IdP's login form, the Response it posts. For the figures
(scripts/saml-figures); run with the IdP's venv python, IDP_SAML_SSO_URL and IDP_SAML_CA set, the IdP started with
--sp-metadata end2end/idp/saml/sp-example.xml --encrypt never."""

import base64
import datetime
import html
import os
import re
import secrets
import ssl
import urllib.parse
import urllib.request
import zlib

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding

sso = os.environ["IDP_SAML_SSO_URL"]
ctx = ssl.create_default_context(cafile=os.environ["IDP_SAML_CA"])
now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
request = (
    f'<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" '
    f'xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_{secrets.token_hex(16)}" Version="2.0" '
    f'IssueInstant="{now}" Destination="{sso}" '
    f'AssertionConsumerServiceURL="https://127.0.0.1:3443/saml/acs" '
    f'ProtocolBinding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST">'
    f"<saml:Issuer>https://127.0.0.1:3443/saml/metadata</saml:Issuer></samlp:AuthnRequest>"
)
deflated = zlib.compress(request.encode())[2:-4]
# The example SP signs its requests (HTTP-Redirect binding: the signature covers the query as sent).
sig_alg = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"
query = urllib.parse.urlencode({"SAMLRequest": base64.b64encode(deflated).decode(), "SigAlg": sig_alg})
here = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(here, "..", "idp", "saml", "sp-example.key"), "rb") as f:
    key = serialization.load_pem_private_key(f.read(), password=None)
signature = key.sign(query.encode(), padding.PKCS1v15(), hashes.SHA256())
query += "&" + urllib.parse.urlencode({"Signature": base64.b64encode(signature).decode()})
page = urllib.request.urlopen(f"{sso}?{query}", context=ctx).read().decode()
flow = re.search(r'name="flow" value="([^"]+)"', page).group(1)
base = sso.split("/sso/")[0]
form = urllib.parse.urlencode({"flow": flow, "username": "alice", "password": "alice-pass", "mode": "good"}).encode()
page = urllib.request.urlopen(f"{base}/login", data=form, context=ctx).read().decode()
b64 = html.unescape(re.search(r'name="SAMLResponse" value="([^"]+)"', page).group(1))
print(base64.b64decode(b64).decode())
