"""Operating an installation: backing it up and restoring it (``manage.py backup``/``restore``)."""
