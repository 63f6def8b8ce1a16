"""Reminders before deadlines (e-mail and in the application) and each user's notifications."""
