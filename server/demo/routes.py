"""Demo issuer API: list demo achievements and award one to a learner's DID.

This is the newcomer's first real credential; the full issuer (did:web, OID4VCI,
revocation) is a later feature and will replace it.
"""

from __future__ import annotations

import re

import msgspec
import sqlite_utils
from litestar import get, post
from litestar.concurrency import sync_to_thread
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException, ValidationException
from litestar.params import FromQuery, JSONBody

from server.demo.credentials import UnknownAchievement, award_demo_credential, list_achievements

DID_PATTERN = re.compile(r"^did:(key|jwk|web):[A-Za-z0-9._:%-]{1,2048}$")


class DemoAchievement(msgspec.Struct):
    slug: str
    name: str
    version: int


class DemoAward(msgspec.Struct):
    achievement: str
    subject: str
    lang: str = "en"


class DemoCredential(msgspec.Struct):
    credential: dict


@get("/api/v1/demo/achievements")
async def demo_achievements(db: NamedDependency[sqlite_utils.Database], lang: FromQuery[str] = "en") -> list[DemoAchievement]:
    return [DemoAchievement(**a) for a in list_achievements(db, lang)]


@post("/api/v1/demo/credentials", status_code=201)
async def demo_award(data: JSONBody[DemoAward], db: NamedDependency[sqlite_utils.Database]) -> DemoCredential:
    if not DID_PATTERN.match(data.subject):
        raise ValidationException("subject must be a did:key, did:jwk or did:web identifier")
    try:
        credential = await sync_to_thread(award_demo_credential, db, data.achievement, data.subject, data.lang)
    except UnknownAchievement:
        raise NotFoundException(f"No demo achievement called {data.achievement!r}.") from None
    return DemoCredential(credential=credential)
