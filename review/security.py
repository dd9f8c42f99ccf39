"""Security of the review page: headers, host check, CSRF tokens, login and passwords.

Scraped article text is hostile and a page on 127.0.0.1 is still reachable from any web page the
reviewer visits (CSRF, DNS rebinding), so every response carries a strict Content-Security-Policy,
every form a signed CSRF token, and requests for an unknown Host are refused when bound to loopback.
"""

from __future__ import annotations

import base64
import getpass
import hashlib
import hmac
import ipaddress
import secrets
from dataclasses import dataclass
from urllib.parse import urlsplit

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from starlette.datastructures import Headers
from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
SECURITY_HEADERS = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    # The reviewer's queue URL is nobody's business: outlets never see it as a Referer.
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
]
CSRF_MAX_AGE = 12 * 3600
HASH_SCHEME = "pbkdf2_sha256"
HASH_ITERATIONS = 600_000


def is_loopback(host: str) -> bool:
    """True for 127.0.0.0/8, ::1 and 'localhost'."""
    host = host.strip("[]").lower()
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def local_user() -> str:
    """Who decides when nobody logs in (loopback): the OS user, else 'local'."""
    try:
        return getpass.getuser() or "local"
    except (OSError, KeyError):
        return "local"


def hash_password(password: str, salt: bytes | None = None, iterations: int = HASH_ITERATIONS) -> str:
    """A PBKDF2-SHA256 hash to put in the password variable instead of the password itself."""
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, iterations)
    encode = base64.urlsafe_b64encode
    return f"{HASH_SCHEME}${iterations}${encode(salt).decode()}${encode(digest).decode()}"


def check_password(given: str, expected: str) -> bool:
    """`given` against `expected`, which is either a hash from `hash_password` or a plain secret."""
    if expected.startswith(HASH_SCHEME + "$"):
        try:
            _, iterations, salt, digest = expected.split("$")
            computed = hashlib.pbkdf2_hmac(
                "sha256", given.encode(), base64.urlsafe_b64decode(salt), int(iterations)
            )
            return hmac.compare_digest(computed, base64.urlsafe_b64decode(digest))
        except ValueError:
            return False
    return hmac.compare_digest(given.encode(), expected.encode())


@dataclass(frozen=True, slots=True)
class AuthPolicy:
    """Whether a login is required and against what; `password` None means open (loopback only)."""

    password: str | None
    secure_cookies: bool

    @property
    def login_required(self) -> bool:
        return self.password is not None


class CsrfSigner:
    """CSRF tokens bound to a browser's session id, signed and time-limited."""

    def __init__(self, secret: str) -> None:
        self._serializer = URLSafeTimedSerializer(secret, salt="newsmon-review-csrf")

    def token(self, session_id: str) -> str:
        return self._serializer.dumps(session_id)

    def valid(self, token: str | None, session_id: str | None) -> bool:
        if not token or not session_id:
            return False
        try:
            value = self._serializer.loads(token, max_age=CSRF_MAX_AGE)
        except (BadSignature, SignatureExpired):
            return False
        return isinstance(value, str) and hmac.compare_digest(value, session_id)


def allowed_hosts(bind_host: str, base_url: str) -> frozenset[str] | None:
    """Host header values accepted when bound to loopback (None: any, the proxy's business)."""
    if not is_loopback(bind_host):
        return None
    hosts = {"localhost", "127.0.0.1", "[::1]", "::1", bind_host.lower()}
    if base_url:
        hostname = urlsplit(base_url).hostname
        if hostname:
            hosts.add(hostname.lower())
    return frozenset(hosts)


class SecurityMiddleware:
    """Adds the security headers to every response and refuses unknown Host headers.

    A plain ASGI middleware (not BaseHTTPMiddleware) so that it costs next to nothing per request.
    """

    def __init__(self, app: ASGIApp, hosts: frozenset[str] | None) -> None:
        self.app = app
        self.hosts = hosts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if self.hosts is not None:
            host = Headers(scope=scope).get("host", "")
            name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
            if name.lower() not in self.hosts:
                # DNS rebinding: a hostile page whose name resolves to 127.0.0.1 is refused here.
                response = PlainTextResponse("unknown host", status_code=421)
                await response(scope, receive, send)
                return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                message["headers"] = list(message["headers"]) + SECURITY_HEADERS
            await send(message)

        await self.app(scope, receive, send_with_headers)
