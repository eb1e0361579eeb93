"""Shared by the data migrations that (re)write the built-in roles from zugong.accounts.roles."""


def sync_roles(apps, schema_editor):  # type: ignore[no-untyped-def]
    from zugong.accounts.roles import BUILTIN_ROLES

    Role = apps.get_model("accounts", "Role")
    for code, (name, description, perms) in BUILTIN_ROLES.items():
        Role.objects.update_or_create(
            code=code, defaults={"name": name, "description": description, "permissions": perms, "is_builtin": True}
        )
