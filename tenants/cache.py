"""Cache keys: by schema, except allauth's, which hold for the whole platform.

django-tenants' key function puts the schema in front of every key, so a kommun's cached data never
shows on another kommun's site. allauth keeps its login and MFA rate limits ("allauth:rl:...") and its
record of used TOTP codes ("allauth.mfa.totp.used?...") in the default cache too, and those must not
be per site: five wrong guesses in all, not five on each of the 17 sites, and a code used once is used
everywhere. allauth has no setting for a cache alias of its own, so its keys go to a shared namespace.
"""

from django_tenants.cache import make_key as tenant_make_key
from django_tenants.cache import reverse_key as tenant_reverse_key

# allauth names every key it caches with one of these (allauth.core.internal.ratelimit, allauth.mfa).
GLOBAL_KEY_PREFIXES = ("allauth:", "allauth.")
# Not a possible schema name (django-tenants allows letters, digits and "_"), so never a kommun's.
GLOBAL_NAMESPACE = "*"


def make_key(key: str, key_prefix: str, version: int) -> str:
    if key.startswith(GLOBAL_KEY_PREFIXES):
        return f"{GLOBAL_NAMESPACE}:{key_prefix}:{version}:{key}"
    return tenant_make_key(key, key_prefix, version)


def reverse_key(key: str) -> str:
    return tenant_reverse_key(key)
