"""OpenID for Verifiable Credential Issuance 1.0 (pre-authorised code flow):
the service (`service.py`) and its endpoints (`routes.py`)."""
