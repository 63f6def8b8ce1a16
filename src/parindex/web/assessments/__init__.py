"""Frameworks, campaigns and assessments stored in the database; scoring through the core."""
