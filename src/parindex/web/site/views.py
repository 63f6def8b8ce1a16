from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect


def home(request: HttpRequest) -> HttpResponse:
    """The home page is the user's list of assessments (or the login page)."""
    return redirect("assessments:list" if request.user.is_authenticated else "accounts:login")
