"""The wallet app's fallback: client-side paths get index.html; paths only
programs read (/api/, /.well-known/, /oid4vci/, /issuer/) never do."""

from __future__ import annotations

import pytest
from litestar.exceptions import NotFoundException, ServiceUnavailableException

from server.pwa_static.routes import resolve_pwa_file


@pytest.fixture
def dist(tmp_path):
    (tmp_path / "index.html").write_text("<!doctype html>")
    (tmp_path / "app-ABCDEFGH.js").write_text("")
    return tmp_path


@pytest.mark.parametrize("path", ["", "/", "/wallet", "/offer", "/settings/backup"])
def test_client_side_paths_get_the_app(dist, path):
    assert resolve_pwa_file(dist, path).name == "index.html"


def test_files_are_served(dist):
    assert resolve_pwa_file(dist, "/app-ABCDEFGH.js").name == "app-ABCDEFGH.js"


@pytest.mark.parametrize(
    "path",
    ["/api", "/api/v2/x", "/.well-known/openid-configuration", "/.well-known", "/oid4vci/x", "/issuer/vct/achievement"],
)
def test_machine_paths_are_not_found_even_before_the_app_is_built(dist, tmp_path_factory, path):
    with pytest.raises(NotFoundException):
        resolve_pwa_file(dist, path)
    with pytest.raises(NotFoundException):
        resolve_pwa_file(tmp_path_factory.mktemp("empty"), path)
    with pytest.raises(ServiceUnavailableException):
        resolve_pwa_file(tmp_path_factory.mktemp("empty2"), "/wallet")
