"""Security helpers shared by every feature: secrets and their hashes, session
cookies, CSRF and same-origin checks, rate limits, and API errors that carry a
stable code.

One place per concept: the learner accounts use these today; the issuer
console (server/issuer/admin.py) predates them and can move onto them.
"""
