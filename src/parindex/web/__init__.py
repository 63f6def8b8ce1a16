"""The Django web application: organisations, accounts, assessments, and the site shell."""
