"""URLs of 岗位风险防控. Namespace "risks"."""

from django.urls import path

from zugong.risks import views

app_name = "risks"

urlpatterns = [
    path("", views.PostListView.as_view(), name="post_list"),
    path("posts/add/", views.post_add, name="post_add"),
    path("posts/<int:pk>/", views.post_detail, name="post_detail"),
    path("posts/<int:pk>/edit/", views.post_edit, name="post_edit"),
    path("posts/<int:pk>/delete/", views.post_delete, name="post_delete"),
    path("posts/<int:pk>/holders/", views.holder_add, name="holder_add"),
    path("posts/<int:pk>/points/add/", views.point_add, name="point_add"),
    path("posts/<int:pk>/catalogue/", views.point_catalogue, name="point_catalogue"),
    path("posts/<int:pk>/review/", views.review_add, name="review_add"),
    path("holdings/<int:pk>/end/", views.holding_end, name="holding_end"),
    path("overdue/", views.overdue, name="overdue"),
    path("rotation/", views.rotation, name="rotation"),
    path("points/", views.RiskPointListView.as_view(), name="point_list"),
    path("points/import/", views.RiskPointImportView.as_view(), name="point_import"),
    path("points/import/template/", views.point_import_template, name="point_import_template"),
    path("points/<int:pk>/", views.point_detail, name="point_detail"),
    path("points/<int:pk>/edit/", views.point_edit, name="point_edit"),
    path("points/<int:pk>/delete/", views.point_delete, name="point_delete"),
    path("catalogue/", views.catalogue, name="catalogue"),
    path("reviews/", views.RiskReviewListView.as_view(), name="review_list"),
    path("reviews/<int:pk>/", views.review_detail, name="review_detail"),
    path("reviews/<int:pk>/edit/", views.review_edit, name="review_edit"),
    path("reviews/<int:pk>/delete/", views.review_delete, name="review_delete"),
    path("findings/<int:pk>/ledger/", views.finding_ledger, name="finding_ledger"),
    path("notices/", views.NoticeListView.as_view(), name="notice_list"),
    path("notices/add/", views.notice_add, name="notice_add"),
    path("notices/<int:pk>/", views.notice_detail, name="notice_detail"),
    path("notices/<int:pk>/edit/", views.notice_edit, name="notice_edit"),
    path("notices/<int:pk>/delete/", views.notice_delete, name="notice_delete"),
]
