"""Messages about sign-in through a site's identity provider that a user may see. Tests import these constants."""

from django.utils.translation import gettext_lazy as _

MSG_SAVED = _("Inloggningen för %(site)s är sparad.")
MSG_REMOVED = _("%(site)s har inte längre någon identitetsleverantör; inloggning sker med lösenord.")
MSG_SECRET_KEPT = _("sparad – lämna tomt för att behålla")
MSG_OIDC_FIELDS = _("Ange utfärdarens adress, klient-id och klienthemlighet för OpenID Connect.")
MSG_SAML_FIELDS = _("Ange IdP:ns entitets-id, attributet med e-postadressen och IdP:ns metadata (XML eller adress).")
MSG_SAML_METADATA_BAD = _("IdP:ns metadata gick inte att läsa: %(reason)s")
MSG_SAML_METADATA_NO_ENTITY = _("Metadatan beskriver ingen IdP med entitets-id %(entity_id)s som har ett certifikat.")
MSG_PASSWORD_NEEDS_IDP = _("Inloggning med lösenord kan bara stängas av när en identitetsleverantör är vald.")
MSG_PASSWORD_LOGIN_CLOSED = _(
    "Inloggning med lösenord är avstängd för %(site)s. Logga in med %(site_genitive)s inloggning."
)
MSG_LOGIN_BUTTON = _("Logga in med %(site_genitive)s inloggning")
