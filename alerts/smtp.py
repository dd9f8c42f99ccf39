"""SMTP delivery with the standard library: plain, STARTTLS or implicit TLS, optional AUTH.

One `SmtpConnection` carries many messages (the alert job opens it lazily and reuses it; a dropped
connection is reopened once). Every failure becomes a `DeliveryError` whose message is one clear
line naming the server and what to check, and whose `permanent` says whether retrying the same
message can help (a 5xx refusal of the recipient or of the message) or not. The password is read
from the environment variable the config names, at connect time, and never appears in a message.
"""

from __future__ import annotations

import contextlib
import smtplib
import socket
import ssl
from email.message import EmailMessage
from types import TracebackType

from newsmon.config import SmtpSettings


class DeliveryError(Exception):
    """A message (or the connection) failed; `str()` is one line fit for a user and a log."""

    def __init__(self, message: str, permanent: bool = False, connection: bool = False) -> None:
        super().__init__(message)
        self.permanent = permanent  # retrying this message will not help
        self.connection = connection  # the server could not be used at all: stop this round


def server_name(settings: SmtpSettings) -> str:
    return f"{settings.host}:{settings.port}"


def _reply(code: int, text: bytes | str) -> str:
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return f"{code} {' '.join(str(text).split())}".strip()


def explain(exc: BaseException, settings: SmtpSettings) -> DeliveryError:
    """An smtplib/socket/ssl exception as one line that says what to check."""
    if isinstance(exc, DeliveryError):
        return exc
    where = f"the SMTP server {server_name(settings)}"
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return DeliveryError(
            f"{where} rejected the login of user {settings.username!r} ({_reply(exc.smtp_code, exc.smtp_error)}): "
            f"check [smtp] username and the password in ${settings.password_env}",
            connection=True,
        )
    if isinstance(exc, smtplib.SMTPNotSupportedError):
        return DeliveryError(f"{where} does not support that: {exc}", connection=True)
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        refused = "; ".join(f"{rcpt} ({_reply(code, text)})" for rcpt, (code, text) in exc.recipients.items())
        permanent = all(500 <= code < 600 for code, _text in exc.recipients.values())
        return DeliveryError(f"{where} refused the recipient {refused}", permanent=permanent)
    if isinstance(exc, smtplib.SMTPSenderRefused):
        return DeliveryError(
            f"{where} refused the sender {exc.sender} ({_reply(exc.smtp_code, exc.smtp_error)}): check [smtp] sender",
            connection=True,
        )
    if isinstance(exc, smtplib.SMTPDataError):
        return DeliveryError(
            f"{where} refused the message ({_reply(exc.smtp_code, exc.smtp_error)})",
            permanent=500 <= exc.smtp_code < 600,
        )
    if isinstance(exc, smtplib.SMTPServerDisconnected):
        return DeliveryError(f"{where} closed the connection ({exc or 'no reason given'})", connection=True)
    if isinstance(exc, smtplib.SMTPResponseException):
        return DeliveryError(f"{where} answered {_reply(exc.smtp_code, exc.smtp_error)}", connection=True)
    if isinstance(exc, ssl.SSLError):
        hint = "use ssl = true for port 465, starttls = true for port 587"
        return DeliveryError(f"TLS with {where} failed ({exc.reason or exc}): {hint}", connection=True)
    if isinstance(exc, ssl.CertificateError):
        return DeliveryError(f"TLS with {where} failed: its certificate is not valid ({exc})", connection=True)
    if isinstance(exc, ConnectionRefusedError):
        return DeliveryError(
            f"cannot connect to {where}: connection refused (is it running? check [smtp] host and port)",
            connection=True,
        )
    if isinstance(exc, socket.gaierror):
        return DeliveryError(f"cannot resolve the SMTP host {settings.host!r}: check [smtp] host", connection=True)
    if isinstance(exc, TimeoutError | socket.timeout):
        return DeliveryError(
            f"{where} did not answer within {settings.timeout:g}s (check [smtp] host, port and timeout)",
            connection=True,
        )
    if isinstance(exc, OSError):
        return DeliveryError(f"cannot talk to {where}: {exc.strerror or exc}", connection=True)
    return DeliveryError(f"sending through {where} failed: {type(exc).__name__}: {exc}", connection=True)


class SmtpConnection:
    """A reusable connection to the configured server; open lazily, close when done."""

    def __init__(self, settings: SmtpSettings) -> None:
        self.settings = settings
        self._client: smtplib.SMTP | None = None

    def __enter__(self) -> SmtpConnection:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def open(self) -> None:
        """Connect, secure and log in; raises DeliveryError (connection=True)."""
        if self._client is not None:
            return
        settings = self.settings
        password = settings.password() if settings.username else None
        if settings.username and not password:
            raise DeliveryError(
                f"[smtp] username is set but ${settings.password_env} is empty: export the SMTP password there",
                connection=True,
            )
        client: smtplib.SMTP | None = None
        try:
            if settings.ssl:
                client = smtplib.SMTP_SSL(
                    settings.host, settings.port, timeout=settings.timeout, context=ssl.create_default_context()
                )
            else:
                client = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout)
            client.ehlo_or_helo_if_needed()
            if settings.starttls:
                if not client.has_extn("starttls"):
                    raise DeliveryError(
                        f"the SMTP server {server_name(settings)} does not offer STARTTLS: "
                        "set starttls = false (or ssl = true if it speaks TLS from the start)",
                        connection=True,
                    )
                client.starttls(context=ssl.create_default_context())
                client.ehlo()
            if settings.username:
                if not client.has_extn("auth"):
                    raise DeliveryError(
                        f"the SMTP server {server_name(settings)} offers no AUTH"
                        + ("" if settings.ssl or settings.starttls else " without TLS: try starttls = true"),
                        connection=True,
                    )
                client.login(settings.username, password or "")
        except BaseException as exc:
            if client is not None:
                _close_quietly(client)
            if isinstance(exc, KeyboardInterrupt | SystemExit):
                raise
            raise explain(exc, settings) from None
        self._client = client

    def send(self, message: EmailMessage, sender: str, recipient: str) -> None:
        """Send one message to one envelope recipient; reconnect once if the server hung up."""
        for attempt in (1, 2):
            self.open()
            assert self._client is not None
            try:
                refused = self._client.send_message(message, from_addr=sender, to_addrs=[recipient])
            except smtplib.SMTPServerDisconnected as exc:
                self._drop()
                if attempt == 2:
                    raise explain(exc, self.settings) from None
                continue
            except (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError, smtplib.SMTPSenderRefused) as exc:
                self._reset()
                raise explain(exc, self.settings) from None
            except (smtplib.SMTPException, OSError) as exc:
                self._drop()
                raise explain(exc, self.settings) from None
            if refused:
                raise explain(smtplib.SMTPRecipientsRefused(refused), self.settings)
            return

    def _reset(self) -> None:
        """After a refused message the session is usable again once RSET clears the envelope."""
        try:
            if self._client is not None:
                self._client.rset()
        except (smtplib.SMTPException, OSError):
            self._drop()

    def _drop(self) -> None:
        if self._client is not None:
            _close_quietly(self._client)
        self._client = None

    def close(self) -> None:
        if self._client is not None:
            with contextlib.suppress(smtplib.SMTPException, OSError):
                self._client.quit()
            _close_quietly(self._client)
        self._client = None


def _close_quietly(client: smtplib.SMTP) -> None:
    with contextlib.suppress(OSError):
        client.close()
