"""The board against real server processes (eventlet, on the test database): a crash in
the middle of a busy workshop loses no acknowledged note and doubles none; two processes
share a board through Redis."""

from __future__ import annotations

import threading
import time

import pytest
import socketio
import sqlalchemy as sa

from app.extensions import db
from app.models.board import BoardEvent, BoardNote
from app.models.workshop import Workshop
from app.workshops.board_payload import note_json
from tests import factories
from tests.board_client import BoardClient
from tests.factories.board import board_world, person
from tests.factories.workshops import register

pytestmark = pytest.mark.server

CLIENTS = 30
NOTES_EACH = 40


def _people(world, n: int) -> list[str]:
    tokens = []
    for i in range(n):
        someone = person(world["city"], f"Partecipante {i + 1}")
        register(world["workshop"], someone)
        tokens.append(factories.create_token(someone))
    return tokens


def _database_board(workshop_id: int) -> list[dict]:
    db.session.expire_all()
    notes = db.session.scalars(
        sa.select(BoardNote)
        .where(BoardNote.workshop_id == workshop_id, BoardNote.deleted_at.is_(None))
        .order_by(BoardNote.id)
    )
    return [note_json(n) for n in notes]


def _final_states(clients) -> dict[int, dict]:
    """Every client joins once more, at the same time: the boards they are sent."""
    states: dict[int, dict] = {}
    joins = [
        threading.Thread(target=lambda n, c: states.update({n: c.join(deadline=time.monotonic() + 60)}), args=(n, c))
        for n, c in enumerate(clients)
    ]
    for thread in joins:
        thread.start()
    for thread in joins:
        thread.join(90)
    return states


def test_no_note_is_lost_or_doubled_when_the_server_is_killed_mid_way(app, server):
    world = board_world()
    workshop = world["workshop"]
    workshop.capacity = CLIENTS + 10
    db.session.commit()
    wid = workshop.id
    tokens = _people(world, CLIENTS)
    clients = [BoardClient(server.url, token, wid) for token in tokens]
    for client in clients:
        client.connect()
    errors: list[BaseException] = []
    deadline = time.monotonic() + 150

    def work(n: int, client: BoardClient):
        try:
            client.join(deadline=deadline)
            for i in range(NOTES_EACH):
                client.add_note(f"Proposta {i + 1} del partecipante {n + 1}", x=float(i * 10), y=float(n * 10))
                client.flush(deadline=deadline)
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=work, args=(n, c), daemon=True) for n, c in enumerate(clients)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    # Kill the server (SIGKILL: no clean shutdown) a third of the way through…
    while sum(len(c.notes) for c in clients) < CLIENTS * NOTES_EACH // 3 and time.monotonic() < deadline:
        time.sleep(0.01)
    acked_before_kill = sum(len(c.notes) for c in clients)
    server.kill()
    # …and start it again on the same port.
    server.start()
    for thread in threads:
        thread.join(max(1, deadline - time.monotonic()))
    elapsed = time.monotonic() - started

    try:
        assert errors == []
        assert acked_before_kill < CLIENTS * NOTES_EACH
        assert all(len(c.notes) == NOTES_EACH and not c.outbox for c in clients)
        assert sum(c.connections for c in clients) >= 2 * CLIENTS  # every client reconnected
        board = _database_board(wid)
        assert len(board) == CLIENTS * NOTES_EACH
        assert len({n["client_id"] for n in board}) == CLIENTS * NOTES_EACH
        expected = {cid: note["id"] for c in clients for cid, note in c.notes.items()}
        assert {n["client_id"]: n["id"] for n in board} == expected
        seqs = list(db.session.scalars(sa.select(BoardEvent.seq).where(BoardEvent.workshop_id == wid)))
        assert sorted(seqs) == list(range(1, CLIENTS * NOTES_EACH + 1))
        assert db.session.get(Workshop, wid).seq == CLIENTS * NOTES_EACH
        # Every client's board, after a final join, is the database's.
        states = _final_states(clients)
        assert len(states) == CLIENTS
        for state in states.values():
            assert state["seq"] == CLIENTS * NOTES_EACH
            assert sorted(state["notes"], key=lambda n: n["id"]) == board
    finally:
        for client in clients:
            client.close()
    print(
        f"\n{CLIENTS * NOTES_EACH} notes, server killed after {acked_before_kill} acks, {elapsed:.1f}s, "
        f"{sum(c.retries for c in clients)} resends"
    )


@pytest.fixture(scope="module")
def second_server(app, database_url, tmp_path_factory):
    from tests.server import ServerProcess

    if not app.config["REDIS_URL"]:
        pytest.skip("needs REDIS_URL: runs in the PostgreSQL + Redis pass of .ci/run")
    process = ServerProcess(
        database_url,
        str(tmp_path_factory.mktemp("instance-board-2")),
        REDIS_URL=app.config["REDIS_URL"],
        SOCKETIO_CHANNEL=app.config["SOCKETIO_CHANNEL"],
    )
    process.start()
    yield process
    process.stop()


def _client(url: str, token: str, heard: list):
    client = socketio.Client(reconnection=False)
    for name in ("note:created", "presence:changed"):
        client.on(name, lambda data, name=name: heard.append((name, data)), namespace="/live")
    client.connect(url, namespaces=["/live"], transports=["websocket"], auth={"token": token}, wait_timeout=10)
    return client


def _wait(condition, timeout: float = 10) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def test_a_note_created_on_one_process_reaches_clients_of_the_other(app, server, second_server):
    world = board_world()
    wid = world["workshop"].id
    heard_a: list = []
    heard_b: list = []
    a = _client(server.url, world["tokens"]["participant"], heard_a)
    b = _client(second_server.url, world["tokens"]["neighbour"], heard_b)
    try:
        assert a.call("workshop:join", {"workshop_id": wid}, namespace="/live", timeout=10)["ok"]
        state = b.call("workshop:join", {"workshop_id": wid}, namespace="/live", timeout=10)["state"]
        # Presence is shared: the joiner on process 2 sees the person on process 1.
        assert {p["user_id"] for p in state["participants"]} == {world["participant"].id, world["neighbour"].id}
        assert _wait(lambda: any(len(d["participants"]) == 2 for name, d in heard_a if name == "presence:changed"))
        ack = a.call(
            "note:create",
            {"workshop_id": wid, "client_id": "cross", "text": "Un ponte tra i quartieri"},
            namespace="/live",
            timeout=10,
        )
        assert ack["ok"]
        assert _wait(lambda: any(name == "note:created" for name, _ in heard_b))
        [(_, got)] = [(n, d) for n, d in heard_b if n == "note:created"]
        assert got == {"seq": ack["seq"], "note": ack["note"]}
        ack = b.call(
            "note:create", {"workshop_id": wid, "client_id": "back", "text": "E ritorno"}, namespace="/live", timeout=10
        )
        assert _wait(lambda: any(n == "note:created" and d["note"]["client_id"] == "back" for n, d in heard_a))
        b.disconnect()
        assert _wait(
            lambda: (
                [d for n, d in heard_a if n == "presence:changed"][-1]["participants"]
                == [{"user_id": world["participant"].id, "name": "Paola Partecipante"}]
            )
        )
    finally:
        a.disconnect()
        if b.connected:
            b.disconnect()
