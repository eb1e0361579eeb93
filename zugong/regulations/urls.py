from django.urls import path

from zugong.regulations import views

app_name = "regulations"

urlpatterns = [
    path("rules/", views.RuleListView.as_view(), name="rule_list"),
    path("rules/search/", views.rule_search, name="search"),
    path("rules/add/", views.rule_add, name="rule_add"),
    path("rules/import/", views.RuleImportView.as_view(), name="rule_import"),
    path("rules/import/template/", views.rule_import_template, name="rule_import_template"),
    path("rules/<int:pk>/", views.rule_detail, name="rule_detail"),
    path("rules/<int:pk>/edit/", views.rule_edit, name="rule_edit"),
    path("rules/<int:pk>/revise/", views.rule_revise, name="rule_revise"),
    path("rules/<int:pk>/repeal/", views.rule_repeal, name="rule_repeal"),
    path("versions/<int:pk>/file/", views.version_file, name="version_file"),
]
