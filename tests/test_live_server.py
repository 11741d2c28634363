"""The live channel against a real server process on 127.0.0.1 (python-socketio client)."""

import pytest
import socketio

from tests import factories

pytestmark = pytest.mark.server


def connect(server, transports=("websocket",), **kwargs):
    client = socketio.Client(reconnection=False)
    client.connect(server.url, namespaces=["/live"], transports=list(transports), wait_timeout=10, **kwargs)
    return client


def test_a_token_client_connects_and_is_known(server, resident):
    token = factories.create_token(resident)
    client = connect(server, auth={"token": token})
    try:
        ack = client.call("me", {}, namespace="/live", timeout=10)
        assert ack == {"ok": True, "user": {"id": resident.id, "name": resident.name}}
    finally:
        client.disconnect()


def test_anonymous_gets_unauthenticated_for_anything_but_subscribe(server, city):
    client = connect(server)
    try:
        assert client.call("subscribe", {"topic": "city:bari"}, namespace="/live", timeout=10)["ok"]
        ack = client.call(
            "note:create", {"workshop_id": 1, "client_id": "x", "text": "hi"}, namespace="/live", timeout=10
        )
        assert ack["error"]["code"] == "unauthenticated"
    finally:
        client.disconnect()


def test_a_payload_over_16_kib_is_refused_and_the_connection_survives(server, resident):
    client = connect(server, auth={"token": factories.create_token(resident)})
    try:
        ack = client.call("me", {"pad": "x" * 17000}, namespace="/live", timeout=10)
        assert ack["error"]["code"] == "too_large"
        assert client.call("me", {}, namespace="/live", timeout=10)["ok"]
    finally:
        client.disconnect()


# Long-polling sends exactly the Origin header given (the websocket client adds its own).
def test_a_foreign_origin_is_refused(server, city):
    with pytest.raises(socketio.exceptions.ConnectionError):
        connect(server, transports=["polling"], headers={"Origin": "https://evil.example"})


def test_the_sites_own_origin_is_accepted(server, city):
    client = connect(server, transports=["polling"], headers={"Origin": server.url})
    assert client.connected
    assert client.call("subscribe", {"topic": "city:bari"}, namespace="/live", timeout=10)["ok"]
    client.disconnect()


def test_healthz_reports_the_database(server, city):
    import requests

    body = requests.get(server.url + "/healthz", timeout=5).json()
    assert body["status"] == "ok" and body["checks"]["database"]["ok"]


@pytest.fixture(scope="module")
def second_server(app, database_url, tmp_path_factory):
    from tests.server import ServerProcess

    if not app.config["REDIS_URL"]:
        pytest.skip("needs REDIS_URL: runs in the PostgreSQL + Redis pass of .ci/run")
    process = ServerProcess(
        database_url,
        str(tmp_path_factory.mktemp("instance2")),
        REDIS_URL=app.config["REDIS_URL"],
        SOCKETIO_CHANNEL=app.config["SOCKETIO_CHANNEL"],
    )
    process.start()
    yield process
    process.stop()


def test_processes_share_rooms_through_redis(app, server, second_server, city):
    """Subscribers on two server processes both get a push published once to the queue."""
    import time

    from socketio import RedisManager

    received = {1: [], 2: []}
    clients = []
    for n, process in ((1, server), (2, second_server)):
        client = socketio.Client(reconnection=False)
        client.on("counter:changed", lambda data, n=n: received[n].append(data), namespace="/live")
        client.connect(process.url, namespaces=["/live"], transports=["websocket"], wait_timeout=10)
        assert client.call("subscribe", {"topic": "city:bari"}, namespace="/live", timeout=10)["ok"]
        clients.append(client)
    emitter = RedisManager(app.config["REDIS_URL"], channel=app.config["SOCKETIO_CHANNEL"], write_only=True)
    # A process subscribes to the Redis channel a moment after it starts serving: publish
    # again until both have delivered (each publish carries a new value).
    deadline = time.monotonic() + 15
    value = 0
    while time.monotonic() < deadline and not (received[1] and received[2]):
        value += 1
        emitter.emit(
            "counter:changed",
            {"topic": "city:bari", "name": "needs", "value": value},
            room="topic:city:bari",
            namespace="/live",
        )
        time.sleep(0.5)
    for client in clients:
        client.disconnect()
    assert received[1] and received[2], "a process did not deliver what the other published"
    for got in (received[1], received[2]):
        assert {(m["topic"], m["name"]) for m in got} == {("city:bari", "needs")}
        values = [m["value"] for m in got]
        assert values == sorted(set(values))  # in order, each once
