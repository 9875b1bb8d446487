"""OpenID Connect with authlib: discovery, the authorization request (PKCE S256), code exchange, ID token checks.

Every URL a provider gives is fetched through ``check_url``: an admin's setting never makes this server
request its own network's insides.
"""

from __future__ import annotations

import ipaddress
import json
import socket
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpx
from authlib.common.security import generate_token
from authlib.integrations.requests_client import OAuth2Session
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet

from poc_tracker.errors import Invalid, Unauthorized
from poc_tracker.i18n import N_
from poc_tracker.settings import get_settings

MAX_DOCUMENT_BYTES = 256 << 10
ID_TOKEN_ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "ES256", "ES384", "EdDSA"]
LEEWAY_S = 60


@dataclass(frozen=True)
class ProviderMetadata:
    """What a provider's discovery document says, checked."""

    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str


def _unreachable(url: str) -> Invalid:
    return Invalid(
        "O endereço {url} não pode ser usado: use https e um servidor público.", code="oidc_url_refused", url=url
    )


def check_url(url: str) -> None:
    """Refuse what would make this server fetch inside its own network: only https to public addresses.

    With ``oidc_allow_loopback`` (tests, trials on one machine) plain http to this machine is accepted too.
    The host is resolved here and every address must pass, so a name that points inside is refused as well.
    """
    parts = urlsplit(url)
    allow_loopback = get_settings().oidc_allow_loopback
    if parts.scheme not in ("https", "http") or not parts.hostname or parts.username or parts.password:
        raise _unreachable(url)
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or (443 if parts.scheme == "https" else 80))
    except (OSError, UnicodeError) as exc:
        message = N_("Não foi possível encontrar o servidor {host}.")
        raise Invalid(message, code="oidc_unreachable", host=parts.hostname) from exc
    addrs = {ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos}
    if allow_loopback and all(a.is_loopback for a in addrs):
        return
    if parts.scheme != "https" or any(not a.is_global for a in addrs):
        raise _unreachable(url)


def fetch_json(url: str) -> dict[str, Any]:
    """GET a JSON document from a provider: checked address, no redirects, a timeout and a size cap."""
    check_url(url)
    try:
        with (
            httpx.Client(timeout=get_settings().oidc_http_timeout, follow_redirects=False) as http,
            http.stream("GET", url, headers={"Accept": "application/json"}) as res,
        ):
            if res.status_code != 200:
                raise Invalid(
                    "O provedor respondeu {status} em {url}.", code="oidc_bad_answer", status=res.status_code, url=url
                )
            body = b""
            for chunk in res.iter_bytes():
                body += chunk
                if len(body) > MAX_DOCUMENT_BYTES:
                    raise Invalid("O provedor enviou um documento grande demais.", code="oidc_bad_answer")
        data = json.loads(body)
    except httpx.HTTPError as exc:
        raise Invalid("O provedor não respondeu em {url}.", code="oidc_unreachable", url=url) from exc
    except ValueError as exc:
        raise Invalid("O provedor não enviou JSON válido em {url}.", code="oidc_bad_answer", url=url) from exc
    if not isinstance(data, dict):
        raise Invalid("O provedor não enviou JSON válido em {url}.", code="oidc_bad_answer", url=url)
    return data


def discover(discovery_url: str) -> ProviderMetadata:
    """Read and check a discovery document (OpenID Connect Discovery 1.0 §4)."""
    doc = fetch_json(discovery_url)
    fields = ("issuer", "authorization_endpoint", "token_endpoint", "jwks_uri")
    if not all(isinstance(doc.get(f), str) and doc[f] for f in fields):
        raise Invalid("O documento de descoberta não é de um provedor OpenID.", code="oidc_bad_discovery")
    issuer = doc["issuer"].rstrip("/")
    if discovery_url.rstrip("/") != f"{issuer}/.well-known/openid-configuration":
        message = N_("O emissor do documento ({issuer}) não corresponde à URL.")
        raise Invalid(message, code="oidc_bad_discovery", issuer=issuer)
    if "S256" not in doc.get("code_challenge_methods_supported", ["S256"]):
        raise Invalid("O provedor não aceita PKCE S256.", code="oidc_bad_discovery")
    for field in fields[1:]:
        check_url(doc[field])
    return ProviderMetadata(doc["issuer"], doc["authorization_endpoint"], doc["token_endpoint"], doc["jwks_uri"])


def fetch_keys(meta: ProviderMetadata) -> KeySet:
    """The provider's signing keys; at least one must be there."""
    try:
        keys = KeySet.import_key_set(fetch_json(meta.jwks_uri))  # type: ignore[arg-type]
    except (JoseError, ValueError, TypeError, KeyError) as exc:
        raise Invalid("As chaves do provedor (JWKS) são inválidas.", code="oidc_bad_keys") from exc
    if not keys.keys:
        raise Invalid("O provedor não publica chaves (JWKS).", code="oidc_bad_keys")
    return keys


@dataclass(frozen=True)
class FlowSecrets:
    """What a sign-in keeps on the server until the provider sends the browser back."""

    state: str
    nonce: str
    code_verifier: str


def new_flow_secrets() -> FlowSecrets:
    """Fresh, unguessable ``state``, ``nonce`` and PKCE verifier."""
    return FlowSecrets(generate_token(43), generate_token(43), generate_token(64))


def _client(client_id: str, client_secret: str, redirect_uri: str, scopes: list[str]) -> OAuth2Session:
    client = OAuth2Session(
        client_id,
        client_secret,
        scope=" ".join(scopes),
        redirect_uri=redirect_uri,
        code_challenge_method="S256",
        token_endpoint_auth_method="client_secret_basic",
    )
    client.max_redirects = 0  # a token endpoint that redirects is refused, not followed
    return client


def authorization_url(
    meta: ProviderMetadata,
    *,
    client_id: str,
    redirect_uri: str,
    scopes: list[str],
    secrets: FlowSecrets,
    login_hint: str = "",
) -> str:
    """Where to send the browser: the code flow with PKCE (S256), ``state`` and ``nonce``."""
    extra = {"login_hint": login_hint} if login_hint else {}
    url, _ = _client(client_id, "", redirect_uri, scopes).create_authorization_url(
        meta.authorization_endpoint,
        state=secrets.state,
        code_verifier=secrets.code_verifier,
        nonce=secrets.nonce,
        **extra,
    )
    return url


def exchange_code(
    meta: ProviderMetadata, *, client_id: str, client_secret: str, redirect_uri: str, code: str, code_verifier: str
) -> str:
    """Trade the code (with the PKCE verifier) for tokens at the provider; the ID token."""
    check_url(meta.token_endpoint)
    client = _client(client_id, client_secret, redirect_uri, [])
    try:
        token = client.fetch_token(
            meta.token_endpoint,
            grant_type="authorization_code",
            code=code,
            code_verifier=code_verifier,
            timeout=get_settings().oidc_http_timeout,
        )
    except Exception as exc:  # authlib raises OAuthError, requests its own: either way the sign-in fails
        raise Unauthorized("O provedor recusou o código de acesso.", code="oidc_code_refused") from exc
    finally:
        client.close()
    id_token = token.get("id_token")
    if not isinstance(id_token, str):
        raise Unauthorized("O provedor não enviou um ID token.", code="oidc_no_id_token")
    return id_token


def validate_id_token(id_token: str, keys: KeySet, *, issuer: str, client_id: str, nonce: str) -> dict[str, Any]:
    """The ID token's claims, once its signature, issuer, audience, expiry and nonce are right."""
    try:
        token = jwt.decode(id_token, keys, algorithms=ID_TOKEN_ALGORITHMS)
        jwt.JWTClaimsRegistry(
            leeway=LEEWAY_S,
            iss={"essential": True, "value": issuer},
            aud={"essential": True, "value": client_id},
            exp={"essential": True},
            sub={"essential": True},
            nonce={"essential": True, "value": nonce},
        ).validate(token.claims)
    except (JoseError, ValueError) as exc:
        raise Unauthorized("O login único falhou: o ID token não é válido.", code="oidc_bad_id_token") from exc
    claims = token.claims
    aud = claims["aud"]
    if isinstance(aud, list) and len(aud) > 1 and claims.get("azp") != client_id:
        raise Unauthorized("O login único falhou: o ID token não é válido.", code="oidc_bad_id_token")
    return claims
