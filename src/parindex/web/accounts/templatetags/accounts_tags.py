from django import template

from parindex.web.accounts.twofactor import may_enrol

register = template.Library()


@register.simple_tag
def two_factor_offered(user: object) -> bool:
    """Whether the header links to the two-factor page (administrators, the secretariat)."""
    return may_enrol(user)
