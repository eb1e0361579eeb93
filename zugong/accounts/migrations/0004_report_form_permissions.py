from django.db import migrations


def create_roles(apps, schema_editor):
    from zugong.accounts.roles import BUILTIN_ROLES

    Role = apps.get_model("accounts", "Role")
    for code, (name, description, perms) in BUILTIN_ROLES.items():
        Role.objects.update_or_create(
            code=code, defaults={"name": name, "description": description, "permissions": perms, "is_builtin": True}
        )


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_role_descriptions")]
    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
