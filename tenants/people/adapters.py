"""allauth.mfa adapter: passkeys belong to the platform's parent domain, not to one kommun's host."""

from allauth.mfa.adapter import DefaultMFAAdapter
from django.conf import settings


class MFAAdapter(DefaultMFAAdapter):
    def get_public_key_credential_rp_entity(self) -> dict[str, str]:
        # The relying party id is the registrable parent of every site (skanearkiv.se for lund.skanearkiv.se),
        # so a passkey made on one kommun's site also signs in on the consortium's and every other kommun's.
        return {"id": settings.PLATFORM_DOMAIN, "name": settings.MFA_TOTP_ISSUER}
