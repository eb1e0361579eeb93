from django.urls import path

from zugong.people import views, views_movements

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
    path("cadres/<int:pk>/reserve/", views_movements.reserve_add, name="reserve_add"),
    path("movements/", views_movements.MovementListView.as_view(), name="movement_list"),
    path("movements/<int:pk>/selection/", views_movements.selection_step, name="selection_step"),
    path("movements/<int:pk>/end/", views_movements.secondment_end, name="secondment_end"),
    path("secondments/", views_movements.SecondmentListView.as_view(), name="secondment_list"),
    path("secondments/end-due/", views_movements.secondment_end_due, name="secondment_end_due"),
    path("reserve/", views_movements.ReserveListView.as_view(), name="reserve_list"),
    path("reserve/<int:pk>/edit/", views_movements.reserve_edit, name="reserve_edit"),
    path("reserve/<int:pk>/leave/", views_movements.reserve_leave, name="reserve_leave"),
]
