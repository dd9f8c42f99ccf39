"""Apprise notifications (Slack, Telegram, Matrix, webhooks...) through the same outbox as email.

A watch lists Apprise URLs in its `apprise` key; each becomes an outbox row with channel 'apprise'.
Tokens belong in the environment, not in the config: write `${SLACK_TOKEN}` inside a URL and it is
expanded when the notification is sent; the stored row and every log line keep the unexpanded URL,
and anything shown to a user is redacted.
"""

from __future__ import annotations

import logging
import os
import re
import warnings

from alerts.smtp import DeliveryError

_ENV_REFERENCE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")


def expand_env(url: str) -> str:
    """'json://host/${TOKEN}' -> the URL with $TOKEN's value; DeliveryError when it is unset."""
    missing = [name for name in _ENV_REFERENCE.findall(url) if not os.environ.get(name)]
    if missing:
        raise DeliveryError(
            f"the Apprise URL {redact(url)} needs the environment variable {missing[0]}, which is not set"
        )
    return _ENV_REFERENCE.sub(lambda match: os.environ[match.group(1)], url)


def redact(url: str) -> str:
    """A URL safe to show: scheme and host only; credentials, tokens and path hidden."""
    scheme, _, rest = url.partition("://")
    if not rest:
        return "<an Apprise URL>"
    netloc, _slash, path = rest.partition("/")
    host = netloc.rsplit("@", 1)[-1]
    name, colon, port = host.partition(":")
    hidden = bool(path.strip("/") or "@" in netloc or "?" in rest or (colon and not port.isdigit()))
    shown = f"{name}:{port}" if colon and port.isdigit() else name
    if "${" in shown:
        shown, hidden = "…", True
    return f"{scheme}://{shown}" + ("/…" if hidden else "")


def send_apprise(url: str, title: str, body: str, timeout: float) -> None:
    """Notify one Apprise URL; DeliveryError (one line, URL redacted) when it fails."""
    try:
        import apprise
    except ImportError:
        raise DeliveryError("Apprise is not installed: pip install 'newsmon[apprise]'", connection=True) from None
    expanded = expand_env(url)
    notifier = apprise.Apprise()
    with warnings.catch_warnings():
        # Apprise loads its plugins on first use; some import deprecated stdlib modules (imghdr).
        warnings.simplefilter("ignore", DeprecationWarning)
        understood = notifier.add(expanded)
    if not understood:
        raise DeliveryError(f"Apprise does not understand the URL {redact(url)}", permanent=True)
    with apprise.LogCapture(level=logging.WARNING) as captured:
        ok = notifier.notify(body=body, title=title, body_format=apprise.NotifyFormat.TEXT, timeout=timeout)
        log_text = captured.getvalue()
    if not ok:
        reason = _last_error(log_text, url, expanded)
        raise DeliveryError(f"Apprise could not notify {redact(url)}" + (f": {reason}" if reason else ""))


def _last_error(log_text: str, url: str, expanded_url: str) -> str:
    lines = [line.split(" - ", 2)[-1].strip() for line in log_text.splitlines() if line.strip()]
    if not lines:
        return ""
    reason = " ".join(lines[-2:])
    # Apprise's own messages may quote the URL; never echo a token.
    secrets = {expanded_url, *(os.environ.get(name, "") for name in _ENV_REFERENCE.findall(url))}
    for secret in sorted(secrets, key=len, reverse=True):
        if secret:
            reason = reason.replace(secret, "…")
    return reason[:300]
