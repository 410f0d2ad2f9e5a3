"""The app config that gives django.contrib.admin the platform's site (tenants/admin_site.py)."""

from django.contrib.admin.apps import AdminConfig


class PlatformAdminConfig(AdminConfig):
    """django.contrib.admin with the platform's site: allauth's login with TOTP, every change audited."""

    default_site = "tenants.admin_site.PlatformAdminSite"
