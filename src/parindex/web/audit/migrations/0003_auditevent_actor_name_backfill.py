"""Data: the actor's username on the events written before ``actor_name`` existed."""

from django.conf import settings
from django.db import migrations


def actor_names_fill(apps, schema_editor):
    AuditEvent = apps.get_model("audit", "AuditEvent")
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    names = dict(User.objects.values_list("pk", "username"))
    pending = AuditEvent.objects.filter(actor__isnull=False, actor_name="")
    for actor_id in pending.values_list("actor_id", flat=True).distinct():
        pending.filter(actor_id=actor_id).update(actor_name=names.get(actor_id, ""))


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0002_auditevent_actor_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    # Backwards: the column goes with 0002; nothing to undo here.
    operations = [migrations.RunPython(actor_names_fill, migrations.RunPython.noop)]
