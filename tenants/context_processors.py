"""What every page needs to know: where you are and which role you have there (where else you may go is
tenants.templatetags.sites' {% site_switcher %})."""

from django.utils.translation import gettext as _

from . import access, navigation
from .models import Role


def platform(request):
    tenant = getattr(request, "tenant", None)
    user = getattr(request, "user", None)
    if tenant is None or user is None or not user.is_authenticated:
        return {"current_site": tenant}
    role = access.consortium_role(user) if tenant.is_consortium else access.kommun_role(user, tenant)
    if role:
        role_label = Role(role).label
    elif access.consortium_role(user):
        role_label = _("%(role)s, läser alla kommuner") % {"role": Role(access.consortium_role(user)).label}
    else:
        role_label = ""
    return {
        "main_menu": navigation.menu(request),
        "current_role_label": role_label,
        "current_site": tenant,
        "current_role": role,
        "consortium_role": access.consortium_role(user),
    }
