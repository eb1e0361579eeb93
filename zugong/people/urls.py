from django.urls import path

from zugong.people import views

app_name = "people"

urlpatterns = [
    path("cadres/", views.CadreListView.as_view(), name="cadre_list"),
    path("cadres/add/", views.CadreCreateView.as_view(), name="cadre_add"),
    path("cadres/import/", views.CadreImportView.as_view(), name="cadre_import"),
    path("cadres/import/template/", views.cadre_import_template, name="cadre_import_template"),
    path("cadres/<int:pk>/", views.CadreDetailView.as_view(), name="cadre_detail"),
    path("cadres/<int:pk>/edit/", views.CadreUpdateView.as_view(), name="cadre_edit"),
    path("cadres/<int:pk>/delete/", views.CadreDeleteView.as_view(), name="cadre_delete"),
    path("cadres/<int:pk>/reveal/", views.cadre_reveal, name="cadre_reveal"),
    path("cadres/<int:pk>/movements/", views.movement_add, name="movement_add"),
    path("cadres/<int:pk>/account/", views.cadre_link_user, name="cadre_link_user"),
]
