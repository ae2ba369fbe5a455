"""Contact details written into a message (an e-mail address, a phone number, a link, a messenger id),
found and masked until the buyer chooses to disclose contacts."""

from __future__ import annotations

import re

MASK = "▒▒▒"
_PATTERNS = (
    re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"),  # e-mail
    re.compile(r"(?i)\b(?:https?://|www\.)\S+"),  # links
    re.compile(r"(?i)(?:wechat|weixin|whatsapp|skype|telegram|viber|\bqq|微信|\bvx|\bwx)\s*(?:id)?\s*[:：]?\s*"
               r"[A-Za-z0-9_.+-]{4,}"),  # messenger ids
)
_PHONE = re.compile(r"\+?\d[\d\s().-]{6,}\d")
_DATE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[./-]\d{1,2}[./-]\d{2,4}")
MIN_PHONE_DIGITS = 8


def _phone(match: re.Match) -> str:
    text = match.group(0)
    if sum(ch.isdigit() for ch in text) < MIN_PHONE_DIGITS or _DATE.fullmatch(text.strip()):
        return text
    return MASK


def mask_contacts(text: str) -> tuple[str, int]:
    """The text with every contact detail replaced by MASK, and how many were replaced."""
    count = 0
    for pattern in _PATTERNS:
        text, found = pattern.subn(MASK, text)
        count += found
    masked = _PHONE.sub(_phone, text)
    count += masked.count(MASK) - text.count(MASK)
    return masked, count
