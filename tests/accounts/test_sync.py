"""Multi-device sync: per-item versions, conflicts instead of overwrites,
tombstones that propagate, cursors that miss nothing."""

from __future__ import annotations

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from tests.accounts.conftest import PUBLIC_URL, Device, decrypt, encrypt

KEY = AESGCM.generate_key(bit_length=256)


def push(device: Device, *items: dict) -> list[dict]:
    response = device.request("POST", "/api/v1/sync", json={"items": list(items)})
    assert response.status_code == 200, response.text
    return response.json()["results"]


def pull(device: Device, since: str = "0", **params) -> dict:
    response = device.request("GET", "/api/v1/sync", params={"since": since, **params})
    assert response.status_code == 200, response.text
    return response.json()


def two_devices(signed_in: Device, client) -> tuple[Device, Device]:
    laptop = Device(client, PUBLIC_URL, signed_in.authenticator)
    assert laptop.signin().status_code == 200
    return signed_in, laptop


def test_concurrent_edits_conflict_instead_of_overwriting(signed_in, client):
    phone, laptop = two_devices(signed_in, client)
    assert push(phone, {"id": "cred-1", "base_version": 0, "ciphertext": encrypt(KEY, b"v1")})[0] == {
        "id": "cred-1", "status": "accepted", "version": 1, "current": None}
    seen = pull(laptop)
    assert [(i["id"], i["version"]) for i in seen["items"]] == [("cred-1", 1)]

    # Both edit version 1 while apart.
    assert push(phone, {"id": "cred-1", "base_version": 1, "ciphertext": encrypt(KEY, b"phone edit")})[0]["status"] == "accepted"
    result = push(laptop, {"id": "cred-1", "base_version": 1, "ciphertext": encrypt(KEY, b"laptop edit")})[0]
    assert result["status"] == "conflict" and result["version"] is None
    assert result["current"]["version"] == 2 and decrypt(KEY, result["current"]["ciphertext"]) == b"phone edit"

    # The laptop merges and writes on top of the version it was shown.
    merged = push(laptop, {"id": "cred-1", "base_version": 2, "ciphertext": encrypt(KEY, b"merged")})[0]
    assert merged["status"] == "accepted" and merged["version"] == 3
    latest = pull(phone, seen["cursor"])["items"]
    assert [(i["id"], i["version"]) for i in latest] == [("cred-1", 3)]
    assert decrypt(KEY, latest[0]["ciphertext"]) == b"merged"


def test_creating_the_same_new_item_twice_is_a_conflict(signed_in, client):
    phone, laptop = two_devices(signed_in, client)
    push(phone, {"id": "settings", "base_version": 0, "ciphertext": encrypt(KEY, b"phone")})
    result = push(laptop, {"id": "settings", "base_version": 0, "ciphertext": encrypt(KEY, b"laptop")})[0]
    assert result["status"] == "conflict" and decrypt(KEY, result["current"]["ciphertext"]) == b"phone"


def test_deletion_leaves_a_tombstone_that_propagates(signed_in, client):
    phone, laptop = two_devices(signed_in, client)
    push(phone, {"id": "cred-1", "base_version": 0, "ciphertext": encrypt(KEY, b"a")},
         {"id": "cred-2", "base_version": 0, "ciphertext": encrypt(KEY, b"b")})
    cursor = pull(laptop)["cursor"]
    assert push(phone, {"id": "cred-1", "base_version": 1, "deleted": True})[0]["version"] == 2
    changes = pull(laptop, cursor)
    assert changes["items"] == [
        {"id": "cred-1", "version": 2, "deleted": True, "ciphertext": None, "modified": changes["items"][0]["modified"]}
    ]
    # A device that never saw the item still learns it is gone (tombstones are kept).
    fresh = pull(laptop)["items"]
    assert {i["id"]: i["deleted"] for i in fresh} == {"cred-1": True, "cred-2": False}
    # Editing a deleted item from an old version is a conflict, not a resurrection.
    stale = push(laptop, {"id": "cred-1", "base_version": 1, "ciphertext": encrypt(KEY, b"edit")})[0]
    assert stale["status"] == "conflict" and stale["current"]["deleted"] is True


def test_a_batch_reports_each_item_and_applies_the_accepted_ones(signed_in, client):
    push(signed_in, {"id": "a", "base_version": 0, "ciphertext": encrypt(KEY, b"a")})
    results = push(
        signed_in,
        {"id": "a", "base_version": 0, "ciphertext": encrypt(KEY, b"stale")},
        {"id": "b", "base_version": 0, "ciphertext": encrypt(KEY, b"b")},
    )
    assert [r["status"] for r in results] == ["conflict", "accepted"]
    assert {i["id"]: i["version"] for i in pull(signed_in)["items"]} == {"a": 1, "b": 1}


def test_cursor_pages_through_every_change_once(signed_in):
    for n in range(5):
        push(signed_in, {"id": f"item-{n}", "base_version": 0, "ciphertext": encrypt(KEY, b"x")})
    page1 = pull(signed_in, limit=3)
    assert len(page1["items"]) == 3 and page1["more"] is True
    page2 = pull(signed_in, page1["cursor"], limit=3)
    assert len(page2["items"]) == 2 and page2["more"] is False
    assert pull(signed_in, page2["cursor"]) == {"items": [], "cursor": page2["cursor"], "more": False}
    ids = [i["id"] for i in page1["items"] + page2["items"]]
    assert ids == [f"item-{n}" for n in range(5)]


def test_bad_sync_input_is_400_and_writes_nothing(signed_in, client):
    good = {"id": "ok", "base_version": 0, "ciphertext": "AAAA"}
    bad_batches = [
        [good, {"id": "x", "base_version": 0}],  # neither ciphertext nor deleted
        [good, {"id": "x", "base_version": 0, "ciphertext": "AAAA", "deleted": True}],
        [good, {"id": "has space", "base_version": 0, "ciphertext": "AAAA"}],
        [good, {"id": "x", "base_version": -1, "ciphertext": "AAAA"}],
        [good, {"id": "x", "base_version": 0, "ciphertext": "***"}],
        [good, good],
        [],
    ]
    for items in bad_batches:
        response = signed_in.request("POST", "/api/v1/sync", json={"items": items})
        assert response.status_code == 400, items
    assert signed_in.request("GET", "/api/v1/sync", params={"since": "abc"}).status_code == 400
    assert client.app.state.db["sync_items"].count == 0


def test_accounts_do_not_see_each_others_items(signed_in, client):
    push(signed_in, {"id": "a", "base_version": 0, "ciphertext": "AAAA"})
    other = Device(client, PUBLIC_URL, signed_in.authenticator.__class__(PUBLIC_URL, "wallet.example"))
    other.register()
    assert pull(other)["items"] == []
    assert push(other, {"id": "a", "base_version": 0, "ciphertext": "BBBB"})[0]["status"] == "accepted"
