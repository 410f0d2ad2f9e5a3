"""WSGI entry point (gunicorn). The platform runs under WSGI, not ASGI: the schema is lost across sync_to_async."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()
