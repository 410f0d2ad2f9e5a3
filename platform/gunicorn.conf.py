"""gunicorn settings for production (WSGI). Read by: gunicorn --config platform/gunicorn.conf.py."""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = 1  # a schema is set per connection; keep one request per process at a time
timeout = 60  # long work runs in Celery, never in a request
accesslog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
