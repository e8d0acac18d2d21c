"""Sending reminder e-mails over one reused SMTP connection, telling a failure from an unknown outcome.

RFC 5321 (4.5.3.2) lets a server take up to ten minutes to answer the end of the message data. Django's SMTP
backend reads that answer with EMAIL_TIMEOUT like every other reply, so a slow acknowledgement looked like a
failure and the message was sent again. Here the final reply gets its own, generous timeout
(REMINDERS_FINAL_REPLY_SECONDS), and a timeout or disconnect after the data was sent is an unknown outcome
(the server may well have kept the message), never a plain failure.
"""

import logging
import re
import smtplib
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import get_connection
from django.core.mail.backends.smtp import EmailBackend

logger = logging.getLogger(__name__)
DJANGO_SMTP = "django.core.mail.backends.smtp.EmailBackend"
LEADING_DOT = re.compile(rb"(?m)^\.")


class OutcomeUnknown(smtplib.SMTPException):
    """The message data reached the server but its final reply did not come back."""


class _FinalReplyMixin:
    def data(self, msg):
        """smtplib's DATA, with the final reply read under its own timeout and its loss reported as unknown."""
        self.putcmd("data")
        code, reply = self.getreply()
        if code != 354:
            raise smtplib.SMTPDataError(code, reply)
        if isinstance(msg, str):
            msg = msg.encode("ascii")
        body = LEADING_DOT.sub(b"..", msg)
        if not body.endswith(b"\r\n"):
            body += b"\r\n"
        self.send(body + b".\r\n")
        if self.sock is not None:
            self.sock.settimeout(settings.REMINDERS_FINAL_REPLY_SECONDS)
        try:
            return self.getreply()
        except smtplib.SMTPServerDisconnected as error:  # smtplib turns a timeout into this, too
            raise OutcomeUnknown(f"no reply after the message data: {error}") from error
        finally:
            if self.sock is not None:
                self.sock.settimeout(self.timeout)


class FinalReplySMTP(_FinalReplyMixin, smtplib.SMTP):
    pass


class FinalReplySMTPSSL(_FinalReplyMixin, smtplib.SMTP_SSL):
    pass


class ReminderEmailBackend(EmailBackend):
    """Django's SMTP backend with the final-reply handling above."""

    @property
    def connection_class(self):
        return FinalReplySMTPSSL if self.use_ssl else FinalReplySMTP


SENT, RETRY, UNKNOWN = "sent", "retry", "unknown"


@dataclass
class Outcome:
    status: str  # SENT, RETRY (nothing reached the server, or it refused) or UNKNOWN
    error: Exception | None = None


class Mailer:
    """One connection for a run of messages, reopened after an error (or per message, for other backends)."""

    def __init__(self):
        self.smtp = settings.EMAIL_BACKEND == DJANGO_SMTP
        if self.smtp:
            self.connection = get_connection(f"{__name__}.ReminderEmailBackend", timeout=settings.EMAIL_TIMEOUT)
        else:
            self.connection = get_connection()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self._close()

    def _close(self):
        try:
            self.connection.close()
        except Exception:  # a broken connection may fail to QUIT; it is dropped either way
            logger.debug("closing a broken SMTP connection", exc_info=True)

    def send(self, message) -> Outcome:
        try:
            if self.smtp and self.connection.connection is None:
                self.connection.open()
            self.connection.send_messages([message])
        except OutcomeUnknown as error:
            self._close()
            return Outcome(UNKNOWN, error)
        except (smtplib.SMTPException, OSError) as error:
            self._close()
            return Outcome(RETRY, error)
        return Outcome(SENT)
