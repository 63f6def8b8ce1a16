"""The pure scoring core: frameworks, rules, scoring, checks, gaps, what-if, ranking.

No Django, no file or network I/O: functions here are handed text or objects and return
frozen objects carrying codes and numbers, never sentences.
"""
