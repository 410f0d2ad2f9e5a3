"""What the people pages, the MFA gate and the session limits tell a person, in Swedish (gettext).
Tests import these constants, never the text."""

from django.utils.translation import gettext_lazy as _

MSG_SESSION_ENDED_MAX = _("Du har loggats ut eftersom inloggningen varade i %(hours)s timmar. Logga in igen.")
MSG_SESSION_ENDED_IDLE = _("Du har loggats ut eftersom du inte har gjort något på %(minutes)s minuter. Logga in igen.")
MSG_ROLE_CHANGED = _("%(name)s har nu rollen %(role)s.")
MSG_ROLE_UNCHANGED = _("%(name)s har redan rollen %(role)s.")
MSG_MEMBERSHIP_REMOVED = _("%(name)s har inte längre någon roll här. Personens inloggningar har avslutats.")
MSG_USER_DEACTIVATED = _("%(name)s kan inte längre logga in. Personens inloggningar har avslutats.")
MSG_MFA_RESET = _(
    "Tvåstegsverifieringen för %(name)s har tagits bort. Personen får ställa in en ny vid nästa inloggning."
)
MSG_NOT_YOURSELF = _("Du kan inte ändra din egen roll eller ta bort dig själv. Be en kollega eller förvaltningen.")
MSG_ROLE_NOT_ALLOWED = _("Välj en av rollerna i listan.")
MSG_ALREADY_DEACTIVATED = _("%(name)s är redan avstängd.")
MSG_NO_FACTOR_TO_RESET = _("%(name)s har ingen tvåstegsverifiering att ta bort.")
