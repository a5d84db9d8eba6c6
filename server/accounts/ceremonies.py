"""WebAuthn ceremonies through py_webauthn: options for the browser, and
verification of what the authenticator returned.

Every passkey is discoverable (resident key required) so that sign-in needs
no user name, and every ceremony requires user verification (PIN, biometric).
The origin and RP ID come from the server's public URL (Settings.origin,
Settings.rp_id); py_webauthn checks both, the challenge, the signature, the
UV flag and the signature counter.
"""

from __future__ import annotations

import json
from typing import Any

from webauthn import (
    generate_authentication_options,
    generate_registration_options,
    verify_authentication_response,
    verify_registration_response,
)
from webauthn.authentication.verify_authentication_response import VerifiedAuthentication
from webauthn.helpers.cose import COSEAlgorithmIdentifier
from webauthn.helpers.exceptions import WebAuthnException
from webauthn.helpers.options_to_json_dict import options_to_json_dict
from webauthn.helpers.structs import (
    AttestationConveyancePreference,
    AuthenticatorSelectionCriteria,
    PublicKeyCredentialDescriptor,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)
from webauthn.registration.verify_registration_response import VerifiedRegistration

from server.errors import ApiError
from server.security.tokens import b64url, b64url_decode
from server.settings import Settings

ALGORITHMS = [
    COSEAlgorithmIdentifier.EDDSA,
    COSEAlgorithmIdentifier.ECDSA_SHA_256,
    COSEAlgorithmIdentifier.RSASSA_PKCS1_v1_5_SHA_256,
]
KNOWN_TRANSPORTS = {"usb", "nfc", "ble", "internal", "hybrid", "cable", "smart-card"}


def rejected(message: str) -> ApiError:
    return ApiError(400, "passkey_rejected", message)


def registration_options(
    settings: Settings, challenge: bytes, user_handle: bytes, display_name: str, exclude: list[str]
) -> dict[str, Any]:
    options = generate_registration_options(
        rp_id=settings.rp_id,
        rp_name=settings.rp_name,
        user_id=user_handle,
        user_name=display_name,
        user_display_name=display_name,
        challenge=challenge,
        timeout=settings.challenge_lifetime * 1000,
        attestation=AttestationConveyancePreference.NONE,
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.REQUIRED,
            require_resident_key=True,
            user_verification=UserVerificationRequirement.REQUIRED,
        ),
        exclude_credentials=[PublicKeyCredentialDescriptor(id=b64url_decode(c)) for c in exclude],
        supported_pub_key_algs=ALGORITHMS,
    )
    result = options_to_json_dict(options)
    # credProps tells us whether the authenticator really stored a discoverable credential.
    result["extensions"] = {"credProps": True}
    return result


def authentication_options(settings: Settings, challenge: bytes) -> dict[str, Any]:
    options = generate_authentication_options(
        rp_id=settings.rp_id,
        challenge=challenge,
        timeout=settings.challenge_lifetime * 1000,
        allow_credentials=[],  # discoverable: the authenticator offers the learner's passkeys
        user_verification=UserVerificationRequirement.REQUIRED,
    )
    return options_to_json_dict(options)


def challenge_of(credential: dict[str, Any], ceremony: str) -> bytes:
    """The challenge the browser signed, read from clientDataJSON (verified later
    by py_webauthn against the stored, single-use challenge)."""
    if not isinstance(credential, dict):
        raise ApiError(400, "bad_request", "credential must be a JSON object.")
    refuse_prf_output(credential)
    try:
        client_data = json.loads(b64url_decode(credential["response"]["clientDataJSON"]))
        if client_data.get("type") != ceremony:
            raise rejected(f"This is not a {ceremony} response.")
        return b64url_decode(client_data["challenge"])
    except ApiError:
        raise
    except (KeyError, TypeError, ValueError, AttributeError):
        raise ApiError(400, "bad_request", "The passkey response is malformed (clientDataJSON).") from None


def credential_id_of(credential: dict[str, Any]) -> str:
    raw = credential.get("rawId") or credential.get("id")
    try:
        return b64url(b64url_decode(raw))
    except ValueError:
        raise ApiError(400, "bad_request", "The passkey response has no valid credential id.") from None


def refuse_prf_output(credential: dict[str, Any]) -> None:
    """The PRF extension's output is key material for the learner's backup: the
    client must remove ``clientExtensionResults.prf.results`` before sending the
    credential (``toJSON()`` includes it). A response that carries it is refused
    so the mistake shows at once in development; the value is never stored."""
    ext = credential.get("clientExtensionResults")
    if isinstance(ext, dict) and isinstance(ext.get("prf"), dict) and ext["prf"].get("results") is not None:
        raise ApiError(
            400,
            "prf_output_sent",
            "Remove clientExtensionResults.prf.results before sending: the PRF output is a backup key "
            "the server must never see.",
        )


def verify_registration(settings: Settings, credential: dict[str, Any], challenge: bytes) -> dict[str, Any]:
    """Check a registration; returns the passkey to store. Refuses credentials the
    browser reports as not discoverable (the learner could never sign in with them)."""
    ext = credential.get("clientExtensionResults") or {}
    if isinstance(ext, dict) and isinstance(ext.get("credProps"), dict) and ext["credProps"].get("rk") is False:
        raise rejected("This authenticator did not store a discoverable passkey; use another one.")
    try:
        verified: VerifiedRegistration = verify_registration_response(
            credential=credential,
            expected_challenge=challenge,
            expected_rp_id=settings.rp_id,
            expected_origin=settings.origin,
            require_user_presence=True,
            require_user_verification=True,
            supported_pub_key_algs=ALGORITHMS,
        )
    except WebAuthnException as exc:
        raise rejected(f"The passkey could not be registered: {exc}") from None
    except (KeyError, TypeError, ValueError, AttributeError):
        raise ApiError(400, "bad_request", "The passkey response is malformed.") from None
    transports = (credential.get("response") or {}).get("transports") or []
    return {
        "credential_id": b64url(verified.credential_id),
        "public_key": verified.credential_public_key,
        "sign_count": verified.sign_count,
        "transports": [t for t in transports if t in KNOWN_TRANSPORTS] if isinstance(transports, list) else [],
        "aaguid": verified.aaguid,
        "device_type": verified.credential_device_type.value,
        "backed_up": verified.credential_backed_up,
    }


def verify_authentication(
    settings: Settings, credential: dict[str, Any], challenge: bytes, passkey: dict, user_handle: bytes
) -> VerifiedAuthentication:
    handle = (credential.get("response") or {}).get("userHandle")
    if handle:
        try:
            if b64url_decode(handle) != user_handle:
                raise ApiError(401, "passkey_rejected", "The passkey's user handle does not belong to its account.")
        except ValueError:
            raise ApiError(400, "bad_request", "The passkey response has a malformed user handle.") from None
    try:
        return verify_authentication_response(
            credential=credential,
            expected_challenge=challenge,
            expected_rp_id=settings.rp_id,
            expected_origin=settings.origin,
            credential_public_key=passkey["public_key"],
            credential_current_sign_count=passkey["sign_count"],
            require_user_verification=True,
        )
    except WebAuthnException as exc:
        raise ApiError(401, "passkey_rejected", f"Sign-in failed: {exc}") from None
    except (KeyError, TypeError, ValueError, AttributeError):
        raise ApiError(400, "bad_request", "The passkey response is malformed.") from None
