"""Security helpers shared by every feature: secrets and their hashes, sessions
and their cookies, CSRF and same-origin checks, rate limits, and API errors that carry a
stable code.

One place per concept: sessions (``sessions.py``: the learner accounts' and the
issuer console's, one code path) and their CSRF checks (``csrf.py``: the JSON
API's header, server-rendered forms' field and origin).
"""
