"""The plan pages' Django forms: ``fields`` (shared fields and row formsets), ``edit`` (a plan
edit saved as a new version or re-shown), ``area`` and ``general`` (the two edit pages) and
``actions`` (draft, issue, deadline, an agency's item report)."""
