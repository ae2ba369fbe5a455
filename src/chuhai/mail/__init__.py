"""E-mail delivery: every notification that matters, in the recipient's language, as text and HTML.

- `models`: the persistent outbox (`MailMessage`, one row per e-mail, with its state and idempotency key)
  and each address's preferences per kind (`MailPreference`: immediate, daily digest or off).
- `render`: the Jinja templates (text and HTML) of a notice and of the daily digest.
- `service`: `notify` (what producers call, from their flows or services, never from a session hook),
  preferences, the signed one-click unsubscribe token, the operator's outbox (list, retry), digests.
- `delivery`: the worker that claims due messages, sends them over SMTP (stdlib `smtplib`) and marks
  them sent, retried with exponential back-off on temporary failures. Its crash window is documented there.
- `flows`: the daily reminders, which read other domains (a demand's deadline in 3 days, a certificate
  expiring in 30 days).
"""
