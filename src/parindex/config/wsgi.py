"""WSGI entry point: ``gunicorn parindex.config.wsgi``."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parindex.config.settings")
application = get_wsgi_application()
