#!/usr/bin/env python3
"""A small SAML 2.0 identity provider for Convene's federated sign-in tests.

Built on pysaml2's saml2.server.Server, with Debian's xmlsec1 doing the XML signatures and encryption. It serves
https on loopback, publishes its metadata at /metadata, takes SP-initiated AuthnRequests over HTTP-Redirect
(/sso/redirect, signature checked over the query string exactly as received) or HTTP-POST (/sso/post), shows its
own login form (#username, #password, #mode, #login) and answers with an auto-submitting HTTP-POST form to the SP's
ACS: Response and Assertion signed with rsa-sha256 / sha256, the assertion encrypted to the SP's encryption key
when asked (AES-128-GCM, key transport RSA-OAEP), releasing urn:oid attributes.

Single logout over HTTP-Redirect at /slo/redirect: an SP's signed LogoutRequest is checked (signature over the
query as received, with the SP's metadata key), the IdP session it names ends, and a signed LogoutResponse goes
back to the SP's single logout service; GET /logout?sp=ENTITY&user=NAME starts an IdP-initiated logout of that
user's last session at that SP (&sign=other-key or &sign=none for forged ones), and the SP's LogoutResponse is
checked when it comes back. GET /_test/logouts lists what arrived.

Its metadata names a logo (mdui:Logo, 64x64) at /logo.png: a real PNG, or with --logo html an HTML page the server
calls image/png (what a consumer must refuse by the bytes), or none with --logo none.

"Bad" modes (MODES below) make the responses an SP must refuse; chosen per login in the form, or as the default
(--mode, SAML_IDP_MODE, or POST /_test/mode).

    idp.py --port 24543 --cert server.pem --key server.key --sp-metadata sp.xml [--sp-metadata URL ...]
           [--sp-metadata-ca ca.pem] [--entity-id URL] [--base-url URL] [--scope uni-a.example ...]
           [--encrypt auto|never|always] [--mode MODE] [--state-dir DIR] [--logo png|html|none]

Prints one line `ready <entity id>` once it listens.
"""

import argparse
import base64
import datetime
import hashlib
import html
import json
import os
import re
import secrets
import shutil
import ssl
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
import warnings
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# pysaml2 7.5 still names a cipher mode that newer cryptography releases moved; it does not use it here.
warnings.filterwarnings("ignore", message="CFB has been moved")

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.x509.oid import NameOID
from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT, samlp
from saml2.assertion import Policy
from saml2.authn_context import PASSWORDPROTECTEDTRANSPORT
from saml2.config import IdPConfig
from saml2.extension.algsupport import DigestMethod, SigningMethod
from saml2.metadata import entity_descriptor
from saml2.saml import (
    NAME_FORMAT_URI,
    NAMEID_FORMAT_EMAILADDRESS,
    NAMEID_FORMAT_PERSISTENT,
    NAMEID_FORMAT_TRANSIENT,
    Audience,
    AudienceRestriction,
    NameID,
)
import saml2.assertion
from saml2.server import Server
from saml2.sigver import RSA_OAEP_MGF1P, get_pem_wrapped_unwrapped, make_temp, pre_encryption_part
from saml2.time_util import in_a_while
from saml2.xmldsig import DIGEST_SHA1, DIGEST_SHA256, SIG_RSA_SHA1, SIG_RSA_SHA256

# The SessionIndex pysaml2 draws for each AuthnStatement, kept so that a session can be logged out later.
_draw_sid = saml2.assertion.sid
DRAWN_SIDS = []


def _recording_sid(*args, **kwargs):
    value = _draw_sid(*args, **kwargs)
    DRAWN_SIDS.append(value)
    del DRAWN_SIDS[:-8]
    return value


saml2.assertion.sid = _recording_sid

AES128_GCM = "http://www.w3.org/2009/xmlenc11#aes128-gcm"
AES128_CBC = "http://www.w3.org/2001/04/xmlenc#aes128-cbc"

# Test users. Attribute names are pysaml2's friendly names; they go out as urn:oid names (NameFormat uri).
USERS = {
    "alice": {
        "password": "alice-pass",
        "attributes": {
            "eduPersonPrincipalName": ["alice@uni-a.example"],
            "mail": ["alice@uni-a.example"],
            "displayName": ["Alice Anders"],
            "givenName": ["Alice"],
            "sn": ["Anders"],
            "eduPersonScopedAffiliation": ["member@uni-a.example", "student@uni-a.example"],
            "schacHomeOrganization": ["uni-a.example"],
        },
    },
    "bob": {
        "password": "bob-pass",
        "attributes": {
            "eduPersonPrincipalName": ["bob@uni-a.example"],
            "mail": ["bob@uni-a.example"],
            "displayName": ["Bob Brandt"],
            "givenName": ["Bob"],
            "sn": ["Brandt"],
            "eduPersonScopedAffiliation": ["member@uni-a.example", "staff@uni-a.example"],
            "schacHomeOrganization": ["uni-a.example"],
        },
    },
    # Of uni-b.example: outside the default scope (an SP must refuse her ePPN from an IdP scoped to uni-a.example);
    # a legitimate user of an IdP started with --scope uni-b.example.
    "carol": {
        "password": "carol-pass",
        "attributes": {
            "eduPersonPrincipalName": ["carol@uni-b.example"],
            "mail": ["carol@uni-b.example"],
            "displayName": ["Carol Castro"],
            "givenName": ["Carol"],
            "sn": ["Castro"],
            "eduPersonScopedAffiliation": ["member@uni-b.example", "faculty@uni-b.example"],
            "schacHomeOrganization": ["uni-b.example"],
        },
    },
}
# The identity smuggled into the unsigned assertion of the signature-wrapping modes.
MALLORY = {
    "eduPersonPrincipalName": ["mallory@uni-a.example"],
    "mail": ["mallory@uni-a.example"],
    "displayName": ["Mallory Mole"],
    "givenName": ["Mallory"],
    "sn": ["Mole"],
    "eduPersonScopedAffiliation": ["member@uni-a.example", "staff@uni-a.example"],
    "schacHomeOrganization": ["uni-a.example"],
}

MODES = {
    "good": "Response and Assertion signed (rsa-sha256)",
    "response-signed-only": "valid: only the Response signed",
    "assertion-signed-only": "valid: only the Assertion signed",
    "unsigned": "no signature at all",
    "other-key": "signed by another key (its certificate embedded)",
    "sha1": "signed with rsa-sha1 / sha1",
    "wrong-audience": "AudienceRestriction names another SP",
    "no-audience": "no AudienceRestriction",
    "expired": "NotOnOrAfter 10 minutes ago (Conditions and SubjectConfirmationData)",
    "not-yet-valid": "NotBefore 10 minutes ahead",
    "wrong-inresponseto": "InResponseTo of a request this SP never sent",
    "unsolicited": "no InResponseTo (IdP-initiated)",
    "wrong-destination": "Response Destination of another endpoint",
    "wrong-recipient": "SubjectConfirmationData Recipient of another endpoint",
    "wrong-issuer": "Issuer of another IdP (signed with this IdP's key)",
    "replay": "the previous good response to this SP, sent again unchanged",
    "two-assertions": "an unsigned assertion for mallory before the signed one",
    "duplicate-id": "an unsigned assertion for mallory with the signed one's ID, before it",
    "error-status": "a signed Responder/AuthnFailed status, no assertion",
}
XML_MODES = {"two-assertions", "duplicate-id"}
OTHER_SP = "https://other-sp.example/saml/metadata"
OTHER_IDP = "https://other-idp.example/saml/metadata"


# ------------------------------------------------------------------------------------------------ keys
def make_keypair(directory, name, common_name, days=30):
    """A self-signed RSA certificate and its key (PEM files) for signing."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=days))
        .sign(key, hashes.SHA256())
    )
    key_file = os.path.join(directory, f"{name}.key")
    cert_file = os.path.join(directory, f"{name}.pem")
    with open(key_file, "wb") as f:
        f.write(
            key.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
        )
    os.chmod(key_file, 0o600)
    with open(cert_file, "wb") as f:
        f.write(cert.public_bytes(serialization.Encoding.PEM))
    return key_file, cert_file


# ------------------------------------------------------------------------------------------------ pysaml2
class TestIdPServer(Server):
    """pysaml2's Server, with encryption the SP library can read and a hook for a wrong Recipient."""

    recipient_override = None
    data_encryption = AES128_GCM

    def update_farg(self, in_response_to, consumer_url, farg=None):
        return Server.update_farg(in_response_to, self.recipient_override or consumer_url, farg)

    def _encrypt_assertion(self, encrypt_cert, sp_entity_id, response, node_xpath=None):
        # pysaml2 defaults to 3DES-CBC; use AES-128 (GCM or CBC) with RSA-OAEP key transport instead.
        certs = [(None, encrypt_cert)] if encrypt_cert else self.metadata.certs(sp_entity_id, "any", "encryption")
        error = None
        for cert_name, cert in certs:
            wrapped, unwrapped = get_pem_wrapped_unwrapped(cert)
            try:
                tmp = make_temp(wrapped.encode("ascii"), decode=False, delete_tmpfiles=self.config.delete_tmpfiles)
                template = pre_encryption_part(
                    msg_enc=self.data_encryption, key_enc=RSA_OAEP_MGF1P, key_name=cert_name, encrypt_cert=unwrapped
                )
                return self.sec.encrypt_assertion(response, tmp.name, template, "aes-128", node_xpath)
            except Exception as exc:  # try the next certificate
                error = exc
        if error:
            raise error
        return response


class TestPolicy(Policy):
    """Release policy whose Conditions can be made wrong on purpose."""

    def __init__(self, restrictions, mds, mode):
        super().__init__(restrictions, mds)
        self.mode = mode

    def not_on_or_after(self, sp_entity_id):
        if self.mode == "expired":
            return in_a_while(minutes=-10)
        return super().not_on_or_after(sp_entity_id)

    def conditions(self, sp_entity_id):
        cond = super().conditions(sp_entity_id)
        if self.mode == "wrong-audience":
            cond.audience_restriction = [AudienceRestriction(audience=[Audience(text=OTHER_SP)])]
        elif self.mode == "no-audience":
            cond.audience_restriction = []
        elif self.mode == "expired":
            cond.not_before = in_a_while(minutes=-20)
        elif self.mode == "not-yet-valid":
            cond.not_before = in_a_while(minutes=10)
        return cond


POLICY = {
    "default": {
        "lifetime": {"minutes": 5},
        "name_form": NAME_FORMAT_URI,
        "fail_on_missing_requested": False,
    }
}


class IdP:
    def __init__(self, opts):
        self.opts = opts
        self.entity_id = opts.entity_id
        self.base = opts.base_url.rstrip("/")
        self.state_dir = opts.state_dir
        self.lock = threading.RLock()
        self.flows = {}  # flow token -> pending request
        self.last_good = {}  # SP entity id -> (base64 response, relay state, acs)
        self.last_xml = ""
        self.sessions = []  # {"sp", "user", "name_id", "session_index"}, newest last
        self.logouts = []  # what arrived at /slo/redirect, newest last
        self.default_mode = opts.mode
        if opts.signing_key and opts.signing_cert:
            self.key_file, self.cert_file = opts.signing_key, opts.signing_cert
        else:
            self.key_file, self.cert_file = make_keypair(self.state_dir, "idp-signing", "Convene test IdP signing")
        self.other_key_file, self.other_cert_file = make_keypair(self.state_dir, "other-signing", "Another key")
        self.sp_files, self.sp_digest = [], ""
        self.refresh_sp_metadata(initial=True)

    # --- SP metadata: files as given, http(s) URLs fetched; both read again at every SSO request (an SP that
    # started later or rotated its keys is seen), the pysaml2 servers rebuilt only when the content changed
    def refresh_sp_metadata(self, initial=False):
        files = []
        for i, source in enumerate(self.opts.sp_metadata):
            if source.startswith("https://") or source.startswith("http://"):
                target = os.path.join(self.state_dir, f"sp-metadata-{i}.xml")
                try:
                    ctx = ssl.create_default_context(cafile=self.opts.sp_metadata_ca) if source.startswith("https") else None
                    with urllib.request.urlopen(source, context=ctx, timeout=10) as r:
                        data = r.read()
                    with open(target, "wb") as f:
                        f.write(data)
                except Exception as exc:
                    print(f"SP metadata {source} not fetched: {exc}", file=sys.stderr, flush=True)
                if os.path.exists(target):
                    files.append(target)
            else:
                files.append(source)
        digest = hashlib.sha256()
        for name in files:
            with open(name, "rb") as f:
                digest.update(f.read())
        if not initial and files == self.sp_files and digest.hexdigest() == self.sp_digest:
            return
        self.sp_files, self.sp_digest = files, digest.hexdigest()
        self.server = self._make_server(self.key_file, self.cert_file)
        self.other_server = self._make_server(self.other_key_file, self.other_cert_file)

    def _config(self, key_file, cert_file):
        conf = IdPConfig()
        conf.load(
            {
                "entityid": self.entity_id,
                "name": "Convene test IdP",
                "description": "A test identity provider for Convene",
                "service": {
                    "idp": {
                        "name": "Convene test IdP",
                        "endpoints": {
                            "single_sign_on_service": [
                                (f"{self.base}/sso/redirect", BINDING_HTTP_REDIRECT),
                                (f"{self.base}/sso/post", BINDING_HTTP_POST),
                            ],
                            "single_logout_service": [(f"{self.base}/slo/redirect", BINDING_HTTP_REDIRECT)],
                        },
                        "policy": POLICY,
                        "name_id_format": [NAMEID_FORMAT_TRANSIENT, NAMEID_FORMAT_PERSISTENT],
                        # Checked here, over the raw query (see verify_redirect_signature).
                        "want_authn_requests_signed": False,
                        "sign_response": True,
                        "sign_assertion": True,
                        "scope": self.opts.scope,
                        **({"ui_info": {"logo": {"text": f"{self.base}/logo.png", "width": "64", "height": "64"}}}
                           if self.opts.logo != "none" else {}),
                    }
                },
                "key_file": key_file,
                "cert_file": cert_file,
                "metadata": {"local": list(self.sp_files)},
                "xmlsec_binary": self.opts.xmlsec,
                "delete_tmpfiles": True,
                "accepted_time_diff": 60,
                "signing_algorithm": SIG_RSA_SHA256,
                "digest_algorithm": DIGEST_SHA256,
                "organization": {
                    "name": [("Convene test IdP", "en")],
                    "display_name": [("Convene test IdP", "en")],
                    "url": [(self.base, "en")],
                },
                "contact_person": [
                    {"contact_type": "technical", "given_name": "Test", "email_address": ["idp@uni-a.example"]}
                ],
            }
        )
        return conf

    def _make_server(self, key_file, cert_file):
        srv = TestIdPServer(config=self._config(key_file, cert_file))
        srv.data_encryption = AES128_CBC if self.opts.data_encryption == "aes128-cbc" else AES128_GCM
        return srv

    def metadata_xml(self):
        ed = entity_descriptor(self.server.config)
        ed.valid_until = in_a_while(hours=24)
        # pysaml2 advertises every algorithm xmlsec1 knows (md5, sha1, ...): say only what this IdP uses.
        if ed.extensions is not None:
            ed.extensions.extension_elements = [
                e for e in ed.extensions.extension_elements if e.tag not in ("DigestMethod", "SigningMethod")
            ]
            ed.extensions.add_extension_element(DigestMethod(algorithm=DIGEST_SHA256))
            ed.extensions.add_extension_element(SigningMethod(algorithm=SIG_RSA_SHA256))
        return ed.to_string(nspair={"xs": "http://www.w3.org/2001/XMLSchema"}).decode()

    # --- AuthnRequest
    def sp_requires_signed_requests(self, sp):
        try:
            for d in self.server.metadata[sp]["spsso_descriptor"]:
                if str(d.get("authn_requests_signed", "false")).lower() == "true":
                    return True
        except KeyError:
            pass
        return self.opts.require_signed_requests

    def verify_redirect_signature(self, raw, sp):
        """Checks the Signature of an HTTP-Redirect message over the parameters exactly as they were received
        (SAML bindings 3.4.4.1), with the SP's signing certificates from its metadata."""
        message = "SAMLResponse" if "SAMLResponse" in raw else "SAMLRequest"
        signed = "&".join(f"{k}={raw[k]}" for k in (message, "RelayState", "SigAlg") if k in raw).encode()
        sigalg = urllib.parse.unquote_plus(raw["SigAlg"])
        algs = {
            "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256": hashes.SHA256(),
            "http://www.w3.org/2001/04/xmldsig-more#rsa-sha384": hashes.SHA384(),
            "http://www.w3.org/2001/04/xmldsig-more#rsa-sha512": hashes.SHA512(),
            "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256": hashes.SHA256(),
            "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha384": hashes.SHA384(),
            "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha512": hashes.SHA512(),
        }
        if self.opts.allow_sha1_requests:
            algs[SIG_RSA_SHA1] = hashes.SHA1()
        if sigalg not in algs:
            raise BadRequest(f"signature algorithm not accepted: {sigalg}")
        signature = base64.b64decode(urllib.parse.unquote_plus(raw["Signature"]))
        certs = self.server.metadata.certs(sp, "spsso", "signing")
        if not certs:
            raise BadRequest("the SP's metadata has no signing certificate")
        for _name, cert_b64 in certs:
            public = x509.load_der_x509_certificate(base64.b64decode(cert_b64)).public_key()
            try:
                if isinstance(public, ec.EllipticCurvePublicKey):
                    public.verify(signature, signed, ec.ECDSA(algs[sigalg]))
                else:
                    public.verify(signature, signed, padding.PKCS1v15(), algs[sigalg])
                return
            except InvalidSignature:
                continue
        raise BadRequest(f"{message} signature does not verify")

    def start_flow(self, saml_request, binding, relay_state, raw=None):
        with self.lock:
            self.refresh_sp_metadata()
            try:
                if binding == BINDING_HTTP_REDIRECT:
                    xml = zlib.decompress(base64.b64decode(saml_request, validate=True), -15).decode()
                else:
                    xml = base64.b64decode(saml_request, validate=True).decode()
            except (ValueError, zlib.error) as exc:  # binascii.Error and UnicodeDecodeError are ValueErrors
                raise BadRequest(f"SAMLRequest is not {'deflated ' if binding == BINDING_HTTP_REDIRECT else ''}base64: {exc}")
            m = re.search(r"<(?:\w+:)?Issuer[^>]*>\s*([^<\s]+)\s*</", xml)
            if not m:
                raise BadRequest("AuthnRequest without Issuer")
            sp = html.unescape(m.group(1))
            if sp not in self.server.metadata.keys():
                raise BadRequest(f"unknown SP {sp}")
            must_sign = self.sp_requires_signed_requests(sp)
            if binding == BINDING_HTTP_REDIRECT:
                if "Signature" in raw:
                    self.verify_redirect_signature(raw, sp)
                elif must_sign:
                    raise BadRequest("unsigned AuthnRequest from an SP that signs its requests")
            elif must_sign or re.search(r"<(?:\w+:)?Signature[\s>]", xml):
                if not self.server.sec.correctly_signed_authn_request(xml, must=True):
                    raise BadRequest("AuthnRequest signature does not verify")
            try:
                req = self.server.parse_authn_request(saml_request, binding)
                args = self.server.response_args(req.message, [BINDING_HTTP_POST])
            except Exception as exc:
                raise BadRequest(f"AuthnRequest refused: {exc}") from exc
            token = secrets.token_urlsafe(24)
            self.flows[token] = {
                "created": time.time(),
                "sp": args["sp_entity_id"],
                "acs": args["destination"],
                "request_id": args["in_response_to"],
                "name_id_policy": args.get("name_id_policy"),
                "relay_state": relay_state,
            }
            self._expire_flows()
            return token, args["sp_entity_id"]

    def start_unsolicited(self, sp, relay_state):
        with self.lock:
            self.refresh_sp_metadata()
            if sp not in self.server.metadata.keys():
                raise BadRequest(f"unknown SP {sp}")
            acs = self.server.metadata.assertion_consumer_service(sp, BINDING_HTTP_POST)
            if not acs:
                raise BadRequest("the SP has no HTTP-POST ACS")
            token = secrets.token_urlsafe(24)
            self.flows[token] = {
                "created": time.time(),
                "sp": sp,
                "acs": acs[0]["location"],
                "request_id": None,
                "name_id_policy": None,
                "relay_state": relay_state,
            }
            return token

    def _expire_flows(self):
        old = [t for t, f in self.flows.items() if time.time() - f["created"] > 900]
        for t in old:
            del self.flows[t]

    # --- Response
    def name_id(self, user, flow):
        policy = flow.get("name_id_policy")
        fmt = getattr(policy, "format", None) or NAMEID_FORMAT_TRANSIENT
        if fmt == NAMEID_FORMAT_PERSISTENT:
            text = hashlib.sha256(f"{self.entity_id}!{flow['sp']}!{user}".encode()).hexdigest()
        elif fmt == NAMEID_FORMAT_EMAILADDRESS:
            text = USERS[user]["attributes"]["mail"][0]
        else:
            fmt = NAMEID_FORMAT_TRANSIENT
            text = "_" + secrets.token_hex(16)
        return NameID(format=fmt, text=text, name_qualifier=self.entity_id, sp_name_qualifier=flow["sp"])

    def respond(self, flow, user, mode):
        """Returns (base64 SAMLResponse, response XML)."""
        with self.lock:
            if mode == "replay":
                if flow["sp"] not in self.last_good:
                    raise BadRequest("nothing to replay yet: make one good login to this SP first")
                b64 = self.last_good[flow["sp"]]
                return b64, base64.b64decode(b64).decode()
            srv = self.other_server if mode == "other-key" else self.server
            sign_alg, digest_alg = (SIG_RSA_SHA1, DIGEST_SHA1) if mode == "sha1" else (SIG_RSA_SHA256, DIGEST_SHA256)
            in_response_to = flow["request_id"]
            if mode == "wrong-inresponseto":
                in_response_to = "_" + secrets.token_hex(16)
            elif mode == "unsolicited":
                in_response_to = None
            destination = flow["acs"] + "-other" if mode == "wrong-destination" else flow["acs"]
            if mode == "error-status":
                resp = srv.create_error_response(
                    in_response_to,
                    destination,
                    (samlp.STATUS_AUTHN_FAILED, "the test IdP was asked to fail"),
                    sign=True,
                    sign_alg=sign_alg,
                    digest_alg=digest_alg,
                )
                xml = str(resp)
                return base64.b64encode(xml.encode()).decode(), xml
            encrypt = {"always": True, "never": False}.get(self.opts.encrypt, "auto")
            if encrypt == "auto":
                encrypt = bool(srv.metadata.certs(flow["sp"], "spsso", "encryption"))
            if mode in XML_MODES:
                encrypt = False
            # "always" with an SP whose metadata marks no key for encryption: its signing key (one key for both is
            # common, and samael's own metadata marks its key "signing" only).
            encrypt_cert = None
            if encrypt and not srv.metadata.certs(flow["sp"], "spsso", "encryption"):
                signing = srv.metadata.certs(flow["sp"], "spsso", "signing")
                encrypt_cert = signing[0][1] if signing else None
            srv.recipient_override = flow["acs"] + "-other" if mode == "wrong-recipient" else None
            name_id = self.name_id(user, flow)
            DRAWN_SIDS.clear()
            try:
                resp = srv.create_authn_response(
                    identity=dict(USERS[user]["attributes"]),
                    in_response_to=in_response_to,
                    destination=destination,
                    sp_entity_id=flow["sp"],
                    name_id=name_id,
                    authn={"class_ref": PASSWORDPROTECTEDTRANSPORT, "authn_auth": self.entity_id},
                    issuer=OTHER_IDP if mode == "wrong-issuer" else None,
                    sign_response=mode not in ("unsigned", "assertion-signed-only") and mode not in XML_MODES,
                    sign_assertion=mode not in ("unsigned", "response-signed-only"),
                    encrypt_assertion=encrypt,
                    encrypt_cert_assertion=encrypt_cert,
                    sign_alg=sign_alg,
                    digest_alg=digest_alg,
                    release_policy=TestPolicy(POLICY, srv.metadata, mode),
                )
            finally:
                srv.recipient_override = None
            xml = str(resp)
            if mode in XML_MODES:
                xml = wrap_signature(xml, user, same_id=mode == "duplicate-id")
            b64 = base64.b64encode(xml.encode()).decode()
            if mode in ("good", "response-signed-only", "assertion-signed-only"):
                self.last_good[flow["sp"]] = b64
                self.sessions.append(
                    {"sp": flow["sp"], "user": user, "name_id": name_id, "session_index": DRAWN_SIDS[-1] if DRAWN_SIDS else None}
                )
                del self.sessions[:-100]
            self.last_xml = xml
            return b64, xml


    # --- Single logout (HTTP-Redirect)
    def sp_slo(self, sp):
        slo = self.server.metadata.single_logout_service(sp, BINDING_HTTP_REDIRECT, "spsso")
        if not slo:
            raise BadRequest("the SP's metadata has no HTTP-Redirect single logout service")
        return slo[0]["location"]

    @staticmethod
    def location(http_args):
        return dict(http_args["headers"])["Location"]

    def signed_by_sp(self, raw, param, what):
        """A redirect-binding message from a known SP, its query signature checked: (the message, the SP)."""
        message = urllib.parse.unquote_plus(raw[param])
        try:
            xml = zlib.decompress(base64.b64decode(message, validate=True), -15).decode()
        except (ValueError, zlib.error) as exc:
            raise BadRequest(f"{param} is not deflated base64: {exc}")
        m = re.search(r"<(?:\w+:)?Issuer[^>]*>\s*([^<\s]+)\s*</", xml)
        sp = html.unescape(m.group(1)) if m else ""
        if sp not in self.server.metadata.keys():
            raise BadRequest(f"unknown SP {sp}")
        if "Signature" not in raw:
            raise BadRequest(f"unsigned {what}")
        self.verify_redirect_signature(raw, sp)
        return message, sp

    def slo_request(self, raw):
        """An SP's LogoutRequest: verified, the matching IdP sessions ended; returns where its answer goes."""
        with self.lock:
            self.refresh_sp_metadata()
            saml_request, sp = self.signed_by_sp(raw, "SAMLRequest", "LogoutRequest")
            try:
                req = self.server.parse_logout_request(saml_request, BINDING_HTTP_REDIRECT)
            except Exception as exc:
                raise BadRequest(f"LogoutRequest refused: {exc}") from exc
            msg = req.message
            name_id = msg.name_id.text if msg.name_id is not None else None
            indexes = [i.text for i in (msg.session_index or [])]
            ended = [
                s for s in self.sessions
                if s["sp"] == sp and s["name_id"].text == name_id and (not indexes or s["session_index"] in indexes)
            ]
            self.sessions = [s for s in self.sessions if s not in ended]
            self.logouts.append(
                {"kind": "request", "sp": sp, "id": msg.id, "name_id": name_id, "session_indexes": indexes,
                 "ended": [s["user"] for s in ended], "destination": msg.destination}
            )
            status = None if ended else samlp.Status(
                status_code=samlp.StatusCode(value=samlp.STATUS_RESPONDER,
                                             status_code=samlp.StatusCode(value=samlp.STATUS_UNKNOWN_PRINCIPAL)))
            resp = self.server.create_logout_response(msg, [BINDING_HTTP_REDIRECT], status=status, sign=False)
            relay = urllib.parse.unquote_plus(raw["RelayState"]) if "RelayState" in raw else ""
            http_args = self.server.apply_binding(
                BINDING_HTTP_REDIRECT, str(resp), self.sp_slo(sp), relay, response=True, sign=True, sigalg=SIG_RSA_SHA256
            )
            return self.location(http_args)

    def slo_response(self, raw):
        """The SP's LogoutResponse to an IdP-initiated logout: verified and recorded."""
        with self.lock:
            saml_response, sp = self.signed_by_sp(raw, "SAMLResponse", "LogoutResponse")
            try:
                resp = self.server.parse_logout_request_response(saml_response, BINDING_HTTP_REDIRECT)
            except Exception as exc:
                raise BadRequest(f"LogoutResponse refused: {exc}") from exc
            status = resp.response.status.status_code.value
            self.logouts.append(
                {"kind": "response", "sp": sp, "in_response_to": resp.response.in_response_to, "status": status}
            )
            return status

    def start_logout(self, sp, user, sign):
        """An IdP-initiated logout of `user`'s last session at `sp`: where the browser takes the LogoutRequest."""
        with self.lock:
            self.refresh_sp_metadata()
            if sp not in self.server.metadata.keys():
                raise BadRequest(f"unknown SP {sp}")
            session = next((s for s in reversed(self.sessions) if s["sp"] == sp and s["user"] == user), None)
            if session is None:
                raise BadRequest(f"{user} has no session at {sp}")
            srv = self.other_server if sign == "other-key" else self.server
            destination = self.sp_slo(sp)
            _id, req = srv.create_logout_request(
                destination,
                sp,
                name_id=session["name_id"],
                session_indexes=[session["session_index"]] if session["session_index"] else None,
                expire=in_a_while(minutes=5),
                sign=False,
            )
            http_args = srv.apply_binding(
                BINDING_HTTP_REDIRECT, str(req), destination, "idp-initiated", sign=sign != "none", sigalg=SIG_RSA_SHA256
            )
            return self.location(http_args)


def wrap_signature(xml, user, same_id):
    """Puts an unsigned copy of the signed assertion, rewritten for mallory, before the signed one."""
    m = re.search(r"<((?:[\w.-]+:)?)Assertion[\s>].*?</\1Assertion>", xml, re.S)
    if not m:
        raise RuntimeError("no assertion to wrap")
    signed = m.group(0)
    evil = re.sub(r"<((?:[\w.-]+:)?)Signature[\s>].*?</\1Signature>", "", signed, count=1, flags=re.S)
    for name, values in USERS[user]["attributes"].items():
        for old, new in zip(values, MALLORY.get(name, values)):
            evil = evil.replace(f">{html.escape(old, quote=False)}<", f">{html.escape(new, quote=False)}<")
    if not same_id:
        evil = re.sub(r'\bID="[^"]+"', f'ID="_{secrets.token_hex(16)}"', evil, count=1)
    return xml[: m.start()] + evil + xml[m.start() :]


class BadRequest(Exception):
    pass


# ------------------------------------------------------------------------------------------------ HTTP
def page(title, body):
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<style>body{{font:16px sans-serif;max-width:28rem;margin:3rem auto}}label{{display:block;margin:.6rem 0}}
input,select{{display:block;width:100%;padding:.3rem}}#error{{color:#a00}}</style></head>
<body><h1>{html.escape(title)}</h1>{body}</body></html>"""


def login_page(idp, token, sp, error="", username=""):
    options = "".join(
        f'<option value="{m}"{" selected" if m == idp.default_mode else ""}>{html.escape(m)}: {html.escape(w)}</option>'
        for m, w in MODES.items()
    )
    err = f'<p id="error" role="alert">{html.escape(error)}</p>' if error else ""
    return page(
        "Test identity provider: sign in",
        f"""<p>Signing in to <strong id="sp">{html.escape(sp)}</strong>.</p>{err}
<form id="login-form" method="post" action="/login" autocomplete="off">
  <input type="hidden" name="flow" value="{html.escape(token)}">
  <label for="username">Username<input id="username" name="username" value="{html.escape(username)}" required autofocus></label>
  <label for="password">Password<input id="password" name="password" type="password" required></label>
  <label for="mode">Answer<select id="mode" name="mode">{options}</select></label>
  <button id="login" type="submit">Sign in</button>
</form>""",
    )


def post_page(acs, b64, relay_state):
    relay = (
        f'<input type="hidden" name="RelayState" value="{html.escape(relay_state)}">' if relay_state is not None else ""
    )
    return page(
        "Signing you in",
        f"""<form id="saml-post" method="post" action="{html.escape(acs)}">
<input type="hidden" name="SAMLResponse" value="{b64}">{relay}
<button id="continue" type="submit">Continue</button></form>
<script>document.getElementById('saml-post').submit();</script>""",
    )


def raw_query(query):
    """The query's parameters with their values exactly as received (still URL-encoded); duplicates refused."""
    out = {}
    for piece in query.split("&") if query else []:
        name, _, value = piece.partition("=")
        name = urllib.parse.unquote_plus(name)
        if name in out:
            raise BadRequest(f"duplicate parameter {name}")
        out[name] = value
    return out


def make_handler(idp):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True
        server_version = "ConveneTestIdP"
        sys_version = ""

        def log_message(self, fmt, *args):
            sys.stderr.write("%s %s\n" % (self.log_date_time_string(), fmt % args))

        def send(self, status, body, ctype="text/html; charset=utf-8"):
            data = body.encode() if isinstance(body, str) else body
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(data)

        def redirect(self, location):
            self.send_response(303)
            self.send_header("Location", location)
            self.send_header("Content-Length", "0")
            self.send_header("Cache-Control", "no-store")
            self.end_headers()

        def form(self):
            length = int(self.headers.get("Content-Length") or 0)
            if length > 1_000_000:
                raise BadRequest("request too large")
            body = self.rfile.read(length).decode()
            out = {}
            for name, value in urllib.parse.parse_qsl(body, keep_blank_values=True):
                if name in out:
                    raise BadRequest(f"duplicate parameter {name}")
                out[name] = value
            return out

        def do_GET(self):
            self.route("GET")

        def do_POST(self):
            self.route("POST")

        def route(self, method):
            path, _, query = self.path.partition("?")
            try:
                if method == "GET" and path == "/metadata":
                    self.send(200, idp.metadata_xml(), "application/samlmetadata+xml")
                elif method == "GET" and path == "/logo.png" and idp.opts.logo != "none":
                    body = logo_png() if idp.opts.logo == "png" else "<html><script>alert(1)</script></html>"
                    self.send(200, body, "image/png")
                elif method == "GET" and path == "/sso/redirect":
                    raw = raw_query(query)
                    if "SAMLRequest" not in raw:
                        raise BadRequest("no SAMLRequest")
                    relay = urllib.parse.unquote_plus(raw["RelayState"]) if "RelayState" in raw else None
                    token, sp = idp.start_flow(
                        urllib.parse.unquote_plus(raw["SAMLRequest"]), BINDING_HTTP_REDIRECT, relay, raw
                    )
                    self.send(200, login_page(idp, token, sp))
                elif method == "POST" and path == "/sso/post":
                    f = self.form()
                    if "SAMLRequest" not in f:
                        raise BadRequest("no SAMLRequest")
                    token, sp = idp.start_flow(f["SAMLRequest"], BINDING_HTTP_POST, f.get("RelayState"))
                    self.send(200, login_page(idp, token, sp))
                elif method == "GET" and path == "/slo/redirect":
                    raw = raw_query(query)
                    if "SAMLRequest" in raw:
                        self.redirect(idp.slo_request(raw))
                    elif "SAMLResponse" in raw:
                        status = idp.slo_response(raw)
                        ok = status == samlp.STATUS_SUCCESS
                        self.send(200, page("Signed out" if ok else "Sign-out incomplete",
                                            f'<p id="slo-status" data-status="{html.escape(status)}">'
                                            f'{"You are signed out of every service." if ok else html.escape(status)}</p>'))
                    else:
                        raise BadRequest("no SAMLRequest or SAMLResponse")
                elif method == "GET" and path == "/logout":
                    q = dict(urllib.parse.parse_qsl(query))
                    self.redirect(idp.start_logout(q.get("sp", ""), q.get("user", ""), q.get("sign", "good")))
                elif method == "GET" and path == "/_test/logouts":
                    self.send(200, json.dumps(idp.logouts), "application/json")
                elif method == "GET" and path == "/idp-initiated":
                    q = dict(urllib.parse.parse_qsl(query))
                    token = idp.start_unsolicited(q.get("sp", ""), q.get("RelayState"))
                    self.send(200, login_page(idp, token, q.get("sp", "")))
                elif method == "POST" and path == "/login":
                    f = self.form()
                    flow = idp.flows.get(f.get("flow", ""))
                    if flow is None:
                        raise BadRequest("unknown or expired sign-in; start again at the service")
                    user, password = f.get("username", ""), f.get("password", "")
                    if user not in USERS or USERS[user]["password"] != password:
                        self.send(200, login_page(idp, f["flow"], flow["sp"], "Wrong username or password.", user))
                        return
                    mode = f.get("mode") or idp.default_mode
                    if mode not in MODES:
                        raise BadRequest(f"unknown mode {mode}")
                    idp.flows.pop(f["flow"], None)
                    b64, _xml = idp.respond(flow, user, mode)
                    self.send(200, post_page(flow["acs"], b64, flow["relay_state"]))
                elif path == "/_test/mode":
                    if method == "POST":
                        mode = self.form().get("mode") or dict(urllib.parse.parse_qsl(query)).get("mode")
                        if mode not in MODES:
                            self.send(400, json.dumps({"error": "unknown mode", "modes": list(MODES)}), "application/json")
                            return
                        idp.default_mode = mode
                    self.send(200, json.dumps({"mode": idp.default_mode, "modes": MODES}), "application/json")
                elif method == "GET" and path == "/_test/last-response":
                    self.send(200, idp.last_xml or "", "application/xml")
                elif method == "GET" and path == "/":
                    self.send(200, page("Convene test IdP", f'<p>Entity id <code>{html.escape(idp.entity_id)}</code>; '
                                        f'<a href="/metadata">metadata</a>.</p>'))
                else:
                    self.send(404, page("Not found", '<p id="error">not found</p>'))
            except BadRequest as exc:
                self.send(400, page("Request refused", f'<p id="error">{html.escape(str(exc))}</p>'))
            except Exception as exc:  # keep serving; show what went wrong
                import traceback

                traceback.print_exc()
                self.send(500, page("Error", f'<p id="error">{html.escape(type(exc).__name__)}: {html.escape(str(exc))}</p>'))

    return Handler


class TLSServer(ThreadingHTTPServer):
    """Threads per connection; the TLS handshake happens in the connection's thread, not in the accept loop."""

    daemon_threads = True

    def __init__(self, address, handler, tls_context):
        self.tls_context = tls_context
        super().__init__(address, handler)

    def finish_request(self, request, client_address):
        request.settimeout(30)
        try:
            tls = self.tls_context.wrap_socket(request, server_side=True)
        except (ssl.SSLError, OSError):
            return
        try:
            self.RequestHandlerClass(tls, client_address, self)
        finally:
            tls.close()



def logo_png(size=64):
    """A real PNG (a blue disc on white), made here so that the test IdP needs no image file."""
    import struct

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    rows = bytearray()
    c = (size - 1) / 2
    for y in range(size):
        rows.append(0)  # no filter
        for x in range(size):
            inside = (x - c) ** 2 + (y - c) ** 2 <= (size / 2 - 2) ** 2
            rows += bytes((30, 90, 200) if inside else (255, 255, 255))
    ihdr = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(bytes(rows))) + chunk(b"IEND", b"")


def main():
    env = os.environ
    p = argparse.ArgumentParser(description="A small SAML 2.0 IdP for tests (https on loopback).")
    p.add_argument("--port", type=int, default=int(env.get("SAML_IDP_PORT", "24543")))
    p.add_argument("--cert", default=env.get("SAML_IDP_TLS_CERT"), help="TLS certificate (PEM)")
    p.add_argument("--key", default=env.get("SAML_IDP_TLS_KEY"), help="TLS key (PEM)")
    p.add_argument("--base-url", default=env.get("SAML_IDP_BASE_URL"), help="default https://127.0.0.1:PORT")
    p.add_argument("--entity-id", default=env.get("SAML_IDP_ENTITY_ID"), help="default BASE/metadata")
    p.add_argument(
        "--sp-metadata",
        action="append",
        default=[s for s in env.get("SAML_IDP_SP_METADATA", "").split() if s],
        help="SP metadata: a file or an http(s) URL (fetched again at every SSO request); repeatable",
    )
    p.add_argument("--sp-metadata-ca", default=env.get("SAML_IDP_SP_METADATA_CA"), help="CA file for https SP metadata")
    p.add_argument("--scope", action="append", default=None, help="shibmd:Scope in the metadata (default uni-a.example)")
    p.add_argument("--encrypt", choices=["auto", "never", "always"], default=env.get("SAML_IDP_ENCRYPT", "auto"),
                   help="encrypt assertions: auto = when the SP's metadata has an encryption key")
    p.add_argument("--data-encryption", choices=["aes128-gcm", "aes128-cbc"],
                   default=env.get("SAML_IDP_DATA_ENCRYPTION", "aes128-gcm"))
    p.add_argument("--require-signed-requests", action="store_true",
                   default=env.get("SAML_IDP_REQUIRE_SIGNED_REQUESTS") == "1",
                   help="refuse unsigned AuthnRequests even when the SP's metadata does not say it signs")
    p.add_argument("--allow-sha1-requests", action="store_true")
    p.add_argument("--logo", choices=["png", "html", "none"], default="png",
                   help="what /logo.png (named in the metadata) serves: a PNG, HTML called image/png, or nothing")
    p.add_argument("--mode", default=env.get("SAML_IDP_MODE", "good"), choices=list(MODES))
    p.add_argument("--signing-key", default=env.get("SAML_IDP_SIGNING_KEY"), help="default: made at start")
    p.add_argument("--signing-cert", default=env.get("SAML_IDP_SIGNING_CERT"))
    p.add_argument("--state-dir", default=env.get("SAML_IDP_STATE_DIR"), help="default: a new temp dir")
    p.add_argument("--xmlsec", default=env.get("SAML_IDP_XMLSEC") or shutil.which("xmlsec1") or "/usr/bin/xmlsec1")
    opts = p.parse_args()
    if not opts.cert or not opts.key:
        p.error("TLS is required: give --cert and --key (or SAML_IDP_TLS_CERT and SAML_IDP_TLS_KEY)")
    if not opts.sp_metadata:
        p.error("give the SP's metadata: --sp-metadata FILE|URL (or SAML_IDP_SP_METADATA)")
    for source in opts.sp_metadata:
        if not source.startswith(("https://", "http://")) and not os.path.isfile(source):
            p.error(f"SP metadata file not found: {source}")
    if not os.path.exists(opts.xmlsec):
        p.error(f"xmlsec1 not found at {opts.xmlsec} (Debian package xmlsec1; scripts/idp install)")
    opts.scope = opts.scope or [s for s in env.get("SAML_IDP_SCOPE", "uni-a.example").split() if s]
    opts.base_url = (opts.base_url or f"https://127.0.0.1:{opts.port}").rstrip("/")
    opts.entity_id = opts.entity_id or f"{opts.base_url}/metadata"
    opts.state_dir = opts.state_dir or tempfile.mkdtemp(prefix="convene-saml-idp.")
    os.makedirs(opts.state_dir, exist_ok=True)

    idp = IdP(opts)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    ctx.load_cert_chain(opts.cert, opts.key)
    try:
        httpd = TLSServer(("127.0.0.1", opts.port), make_handler(idp), ctx)
    except OSError as exc:
        print(f"cannot listen on 127.0.0.1:{opts.port}: {exc}", file=sys.stderr, flush=True)
        sys.exit(1)
    print(f"ready {opts.entity_id}", flush=True)
    try:
        httpd.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    import signal

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    main()
