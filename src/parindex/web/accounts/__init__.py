"""Users, their roles in units, login with lockout, and the permission rules."""
