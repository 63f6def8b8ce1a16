"""Assessments' services: writes by job (workflow, appraisal, appeals, inputs, campaigns,
assignments), reads in ``selectors`` and the errors they raise in ``errors``."""
