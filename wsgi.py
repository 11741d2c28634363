"""Entry point. ``python wsgi.py`` serves Cantiere with eventlet on HOST:PORT.

eventlet must patch the standard library before anything else is imported, so this file
does it first (unless SOCKETIO_ASYNC_MODE=threading).
"""

import os
import sys

# Patch only when serving: the `flask` command (FLASK_APP=wsgi.py) has imported too much
# already, and needs no green threads.
if os.environ.get("SOCKETIO_ASYNC_MODE", "eventlet") == "eventlet" and "flask.cli" not in sys.modules:
    import warnings

    # eventlet is in maintenance mode; it is still what Flask-SocketIO serves websockets with
    # in production here (see docs/deployment.md), so its deprecation notice is not news.
    warnings.filterwarnings("ignore", message=r"\s*Eventlet is deprecated")
    import eventlet

    eventlet.monkey_patch()
    try:  # psycopg2 waits for PostgreSQL through the eventlet hub instead of blocking it
        from psycogreen.eventlet import patch_psycopg

        patch_psycopg()
    except ImportError:  # pragma: no cover
        pass

from app import create_app
from app.extensions import socketio

app = create_app()

if __name__ == "__main__":
    host = os.environ.get("HOST", "127.0.0.1")
    port = int(os.environ.get("PORT", "5000"))
    print(f"Cantiere is serving on http://{host}:{port}", flush=True)
    socketio.run(app, host=host, port=port, log_output=os.environ.get("ACCESS_LOG", "0") == "1")
