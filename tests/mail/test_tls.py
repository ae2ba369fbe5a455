"""STARTTLS and implicit TLS with a login, against aiosmtpd on 127.0.0.1 with a certificate made for the test
(trusted through the setting `smtp_ca_file`); a refused login is a failure the operator sees, nothing sent."""

from __future__ import annotations

import ssl
import subprocess

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword

from chuhai.mail.delivery import deliver_pending
from chuhai.mail.models import MailMessage, MailState
from tests.mail.conftest import Recorder, free_port, queue_for, smtp_settings


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out",
                    str(cert), "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
                   check=True, capture_output=True)
    return cert, key


def _authenticator(server, session, envelope, mechanism, auth_data) -> AuthResult:
    ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (b"chuhai", b"s3cret")
    return AuthResult(success=ok)


class ImplicitTlsController(Controller):
    def factory(self):
        return SMTP(self.handler, authenticator=_authenticator, auth_required=True, auth_require_tls=False)


def _server(certificate, implicit: bool):
    cert, key = certificate
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(str(cert), str(key))
    recorder, port = Recorder(), free_port()
    if implicit:
        controller = ImplicitTlsController(recorder, hostname="127.0.0.1", port=port, ssl_context=context)
    else:
        controller = Controller(recorder, hostname="127.0.0.1", port=port, tls_context=context,
                                require_starttls=True, authenticator=_authenticator, auth_required=True)
    return controller, recorder, port


# Implicit TLS: the whole connection is TLS, which aiosmtpd's AUTH-without-STARTTLS warning does not know.
@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
@pytest.mark.parametrize("security", ["starttls", "tls"])
def test_delivery_over_tls_with_a_login(session, settings, certificate, security):
    controller, recorder, port = _server(certificate, implicit=security == "tls")
    controller.start()
    try:
        _user, [message] = queue_for(session)
        _other, [refused] = queue_for(session, n=2)
        config = smtp_settings(settings, port, smtp_security=security, smtp_ca_file=certificate[0],
                               smtp_user="chuhai", smtp_password="s3cret")
        report = deliver_pending(settings.database_url, config, max_messages=1)
        assert report.sent == 1 and recorder.message_ids() == [message.message_id]

        wrong = config.model_copy(update={"smtp_password": "guess", "mail_max_attempts": 1, "smtp_timeout_s": 2})
        assert deliver_pending(settings.database_url, wrong).failed == 1
        session.expire_all()
        row = session.get(MailMessage, refused.id)
        assert row.state is MailState.FAILED and "cannot connect" in row.last_error and len(recorder.received) == 1
    finally:
        controller.stop()
