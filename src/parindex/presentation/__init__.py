"""Wording and number formats: turns the core's codes and numbers into Vietnamese or English."""
