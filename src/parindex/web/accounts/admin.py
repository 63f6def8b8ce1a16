from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp import admin as otp_totp_admin
from django_otp.plugins.otp_totp.models import TOTPDevice

from parindex.web.accounts import services
from parindex.web.accounts.models import Membership, User
from parindex.web.site.params import int_param

# Changes to these are changes of what the user may do: each is written to the audit trail.
POWERS = ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]


def _text(value: object) -> str:
    if hasattr(value, "all") or isinstance(value, list | tuple):
        return ", ".join(sorted(str(v) for v in (value.all() if hasattr(value, "all") else value)))  # type: ignore[union-attr]  # hasattr narrows to a manager or a list/tuple
    return str(value)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["unit"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (*BaseUserAdmin.fieldsets, (_("Đơn vị"), {"fields": ["unit"]}))  # type: ignore[misc]  # BaseUserAdmin.fieldsets is a tuple, set in Django
    list_display = ["username", "first_name", "last_name", "unit", "is_active"]
    list_select_related = ["unit"]
    autocomplete_fields = ["unit"]
    inlines = [MembershipInline]

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        if not change:
            created = [("", "", obj.get_username())]
            services.user_changes_record(
                user=obj, actor=request.user, changes=created, action="user.create"
            )

    def save_related(self, request, form, formsets, change) -> None:
        before = {f: _text(form.initial.get(f, "")) for f in POWERS if f in form.changed_data}
        super().save_related(request, form, formsets, change)
        changes = [(f, old, _text(form.cleaned_data.get(f, ""))) for f, old in before.items()]
        if change and changes:
            services.user_changes_record(user=form.instance, actor=request.user, changes=changes)

    def save_formset(self, request, form, formset, change) -> None:
        was = {m.pk: f"{m.role}@{m.unit.code}" for m in formset.get_queryset() if m.pk}
        super().save_formset(request, form, formset, change)
        if formset.model is Membership:
            services.memberships_record(
                user=form.instance,
                actor=request.user,
                added=formset.new_objects,
                changed=[(m, was.get(m.pk, "")) for m, _fields in formset.changed_objects],
                removed=formset.deleted_objects,
            )

    def delete_model(self, request, obj) -> None:
        services.user_delete(user=obj, actor=request.user)

    def delete_queryset(self, request, queryset) -> None:
        for user in queryset:
            services.user_delete(user=user, actor=request.user)

    def user_change_password(self, request, id, form_url=""):
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and isinstance(response, HttpResponseRedirect):
            user = User.objects.get(pk=id)
            services.user_password_change_record(user=user, actor=request.user, how="admin")
        return response


class TOTPDeviceAdmin(otp_totp_admin.TOTPDeviceAdmin):
    """django-otp's device admin, whose configuration and QR pages answer 404 for a device that
    does not exist (its own look up the device with ``get`` and fail with a server error)."""

    def config_view(self, request: HttpRequest, pk: str) -> HttpResponse:
        get_object_or_404(TOTPDevice, pk=int_param(pk, 0))
        return super().config_view(request, pk)

    def qrcode_view(self, request: HttpRequest, pk: str) -> HttpResponse:
        get_object_or_404(TOTPDevice, pk=int_param(pk, 0))
        return super().qrcode_view(request, pk)


if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)
admin.site.register(TOTPDevice, TOTPDeviceAdmin)
