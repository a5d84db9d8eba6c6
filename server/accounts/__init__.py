"""Optional learner accounts with passkeys only (WebAuthn via py_webauthn):
register, sign in, add and remove passkeys, sign out, delete the account."""
