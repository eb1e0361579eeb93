from django.urls import path

from zugong.orgs import views

app_name = "orgs"

urlpatterns = [
    path("", views.TreeView.as_view(), name="tree"),
    path("add/", views.UnitCreateView.as_view(), name="unit_add"),
    path("import/", views.UnitImportView.as_view(), name="unit_import"),
    path("import/template/", views.unit_import_template, name="unit_import_template"),
    path("<int:pk>/", views.UnitDetailView.as_view(), name="unit"),
    path("<int:pk>/edit/", views.UnitUpdateView.as_view(), name="unit_edit"),
    path("<int:pk>/move/", views.UnitMoveView.as_view(), name="unit_move"),
    path("<int:pk>/active/", views.unit_set_active, name="unit_set_active"),
]
