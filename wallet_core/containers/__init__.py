"""Containers: sniff the input bytes and unbake the credential text they carry.

Each container is a module with ``sniff(data) -> bool`` and
``unbake(data) -> str``; they are tried in the order of ``CONTAINERS``.
Adding a container is adding a module and a row here.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import UnsupportedFormat
from . import badgr, json_text, jwt_text, png, svg, url_text


@dataclass(frozen=True)
class Unbaked:
    container: str  # "json" | "jwt" | "png" | "svg" | "url" | "badgr" (Badgr's export shapes)
    text: str  # the credential itself: JSON text or a compact JWT


# name -> module; order matters (binary signatures first, text last)
CONTAINERS = {
    "png": png,
    "svg": svg,
    "badgr": badgr,  # before plain JSON: Badgr's wrappers around an OB 2.0 assertion
    "json": json_text,
    "jwt": jwt_text,
    "url": url_text,
}


def unbake(data: bytes) -> Unbaked:
    for name, module in CONTAINERS.items():
        if module.sniff(data):
            return Unbaked(container=name, text=module.unbake(data))
    raise UnsupportedFormat(
        "This file is not a format Satchel understands "
        "(expected JSON, a JWT, or a PNG or SVG badge image)."
    )
