"""The secretariat's criteria frameworks: import, review the difference, activate, retire,
and the plan defaults each version carries. See docs/frameworks.md."""
