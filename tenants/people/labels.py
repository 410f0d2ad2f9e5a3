"""The audit trail in words: Swedish labels for event codes and for the values in their details."""

from django.utils.translation import gettext_lazy as _

from tenants.models import Role

ACTION_LABELS = {
    "auth.login": _("Inloggning"),
    "auth.login_failed": _("Misslyckad inloggning"),
    "auth.logout": _("Utloggning"),
    "mfa.added": _("Tvåstegsverifiering tillagd"),
    "mfa.removed": _("Tvåstegsverifiering borttagen"),
    "mfa.used": _("Tvåstegsverifiering använd"),
    "mfa.failed": _("Fel kod i tvåstegsverifiering"),
    "mfa.recovery_codes_reset": _("Nya återställningskoder"),
    "mfa.reset": _("Tvåstegsverifiering återställd av förvaltningen"),
    "user.create": _("Konto skapat"),
    "user.deactivate": _("Konto avstängt"),
    "membership.set_role": _("Roll ändrad"),
    "membership.remove": _("Roll borttagen"),
    "invitation.create": _("Inbjudan skickad"),
    "invitation.accept": _("Inbjudan antagen"),
    "invitation.revoke": _("Inbjudan återkallad"),
    "kommun.create": _("Kommun skapad"),
    "kommun.population": _("Folkmängd ändrad"),
    "admin.add": _("Tillagt i administrationen"),
    "admin.change": _("Ändrat i administrationen"),
    "admin.delete": _("Borttaget i administrationen"),
    "onboarding.system.create": _("System registrerat"),
    "onboarding.system.update": _("System ändrat"),
    "onboarding.system.delete": _("System borttaget"),
    "onboarding.import": _("System importerade"),
}
DETAIL_LABELS = {
    "user": _("person"),
    "role": _("roll"),
    "previous": _("tidigare roll"),
    "methods": _("sätt"),
    "host": _("webbplats"),
    "reason": _("orsak"),
    "login": _("angiven e-postadress"),
    "type": _("typ"),
    "types": _("typer"),
    "reauthenticated": _("förnyad inloggning"),
    "passwordless": _("utan lösenord"),
    "email": _("e-postadress"),
}
VALUE_LABELS = {
    **{role.value: role.label for role in Role},
    "totp": _("app för engångskoder"),
    "webauthn": _("säkerhetsnyckel eller passkey"),
    "recovery_codes": _("återställningskoder"),
    "password": _("lösenord"),
    "mfa": _("tvåstegsverifiering"),
    "socialaccount": _("kommunens inloggning (SSO)"),
    "user": _("personen loggade ut"),
    "idle": _("inaktiv för länge"),
    "max": _("längsta inloggningstid nådd"),
    True: _("ja"),
    False: _("nej"),
}


def action_label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))


def _value(value) -> str:
    if isinstance(value, list):
        return ", ".join(_value(item) for item in value)
    if isinstance(value, bool | str) and value in VALUE_LABELS:
        return str(VALUE_LABELS[value])
    if isinstance(value, dict):
        return "; ".join(f"{key}: {_value(item)}" for key, item in value.items())
    return "" if value is None else str(value)


def details_text(details: dict) -> str:
    """'roll: Arkivarie; tidigare roll: Kontakt' — each key and value by its label."""
    return "; ".join(f"{DETAIL_LABELS.get(key, key)}: {_value(value)}" for key, value in (details or {}).items())
