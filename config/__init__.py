"""Django project configuration (settings, URLs, Celery, WSGI).

It lives in config/ and not platform/: a top-level package named `platform`
would shadow the standard library module `platform`, and then `import uuid`
(and so Django itself) fails.
"""

from .celery import app as celery_app

__all__ = ["celery_app"]
