"""Question bank URLs (namespace "learning", joined in zugong/learning/urls.py)."""

from django.urls import URLPattern, path

from zugong.learning import views_bank

urlpatterns: list[URLPattern] = [
    path("banks/", views_bank.bank_list, name="bank_list"),
    path("banks/add/", views_bank.bank_add, name="bank_add"),
    path("banks/import-template.xlsx", views_bank.bank_import_template, name="bank_import_template"),
    path("banks/<int:pk>/", views_bank.bank_detail, name="bank_detail"),
    path("banks/<int:pk>/edit/", views_bank.bank_edit, name="bank_edit"),
    path("banks/<int:pk>/import/", views_bank.bank_import_view, name="bank_import"),
    path("banks/<int:pk>/questions/add/", views_bank.question_add, name="question_add"),
    path("questions/<int:pk>/edit/", views_bank.question_edit, name="question_edit"),
    path("questions/<int:pk>/toggle/", views_bank.question_toggle, name="question_toggle"),
]
