"""A real SMTP server for tests (Debian python3-aiosmtpd): prints READY, then one JSON line per
message received (envelope, the authenticated user, the raw message). With USER and PASSWORD
given, AUTH PLAIN/LOGIN is required (over plain TCP: loopback only) and checked."""
import asyncio
import json
import signal
import sys

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

port = int(sys.argv[1])
user = sys.argv[2].encode() if len(sys.argv) > 3 else None
password = sys.argv[3].encode() if len(sys.argv) > 3 else None


class Handler:
    async def handle_DATA(self, server, session, envelope):
        login = session.auth_data
        print(json.dumps({
            "from": envelope.mail_from,
            "to": envelope.rcpt_tos,
            "user": login.decode() if isinstance(login, bytes) else login,
            "data": envelope.content.decode("utf8", "replace"),
        }), flush=True)
        return "250 OK"


def authenticator(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and auth_data.login == user and auth_data.password == password
    if ok:
        return AuthResult(success=True, auth_data=auth_data.login)
    return AuthResult(success=False, handled=False)


kwargs = {}
if user is not None:
    kwargs = dict(authenticator=authenticator, auth_required=True, auth_require_tls=False)
controller = Controller(Handler(), hostname="127.0.0.1", port=port, **kwargs)
controller.start()
print("READY", flush=True)
stop = asyncio.Event()


async def main():
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    await stop.wait()


asyncio.run(main())
controller.stop()
