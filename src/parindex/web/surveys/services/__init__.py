"""The survey services: one module per job (questionnaire, sampling, invitations,
responses, results, apply), reads in ``selectors``, refusals in ``errors``.

The questionnaire, response parsing, sampling and the index are ``parindex.surveys``; these
modules keep rows and audit events and turn rows back into the core's objects.
"""
