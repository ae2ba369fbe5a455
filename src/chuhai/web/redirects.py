"""The one check for every `next` the app follows (language switch, sign-in): a path on this site, else "/"."""

from __future__ import annotations

from urllib.parse import unquote, urlsplit


def safe_next(target: str | None, default: str = "/") -> str:
    """`target` if it is a path on this site, else `default`.

    Browsers read `//host`, `///host`, `/\\host` and the like as another site (and ignore tabs and newlines
    inside a URL), so a target must start with one slash, hold no backslash, control character or
    whitespace, and name no scheme or host; its path must not turn into one once percent-decoded either.
    """
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return default
    if any(ord(ch) <= 0x20 or ord(ch) == 0x7F for ch in target):
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return default
    path = unquote(parts.path)
    if path.startswith("//") or "\\" in path or any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in path):
        return default
    return target
