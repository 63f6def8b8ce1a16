from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from parindex.web.accounts.models import LoginFailure, Membership, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["unit"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (*BaseUserAdmin.fieldsets, (_("Đơn vị"), {"fields": ["unit"]}))
    list_display = ["username", "first_name", "last_name", "unit", "is_active"]
    list_select_related = ["unit"]
    autocomplete_fields = ["unit"]
    inlines = [MembershipInline]


@admin.register(LoginFailure)
class LoginFailureAdmin(admin.ModelAdmin):
    list_display = ["username", "ip_address", "at"]
    search_fields = ["username", "ip_address"]
