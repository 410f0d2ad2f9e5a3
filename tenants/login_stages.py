"""allauth's MFA step, for password (and passkey) sign-ins only: a single sign-on relies on the kommun's
identity provider for the second factor (issue 15), so it is not asked for a TOTP code again here."""

from allauth.mfa.stages import AuthenticateStage

ALLAUTH_MFA_STAGE = "allauth.mfa.stages.AuthenticateStage"


class PasswordMFAStage(AuthenticateStage):
    def _should_handle(self, request) -> bool:
        if (self.login.signal_kwargs or {}).get("sociallogin") is not None:
            return False
        return super()._should_handle(request)


def login_stages(stages: list[str]) -> list[str]:
    """allauth's login stages with its MFA step replaced by PasswordMFAStage."""
    return [f"{__name__}.PasswordMFAStage" if path == ALLAUTH_MFA_STAGE else path for path in stages]
