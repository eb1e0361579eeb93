from django.urls import path

from zugong.fieldwork import views

app_name = "fieldwork"

urlpatterns = [
    path("visits/", views.VisitListView.as_view(), name="visit_list"),
    path("visits/add/", views.VisitCreateView.as_view(), name="visit_add"),
    path("visits/import/", views.VisitImportView.as_view(), name="visit_import"),
    path("visits/import/template/", views.visit_import_template, name="visit_import_template"),
    path("visits/<int:pk>/", views.VisitDetailView.as_view(), name="visit_detail"),
    path("visits/<int:pk>/edit/", views.VisitUpdateView.as_view(), name="visit_edit"),
    path("visits/<int:pk>/delete/", views.VisitDeleteView.as_view(), name="visit_delete"),
    path("points/", views.PointListView.as_view(), name="point_list"),
    path("points/add/", views.PointCreateView.as_view(), name="point_add"),
    path("points/<int:pk>/", views.PointDetailView.as_view(), name="point_detail"),
    path("points/<int:pk>/edit/", views.PointUpdateView.as_view(), name="point_edit"),
    path("points/<int:pk>/delete/", views.PointDeleteView.as_view(), name="point_delete"),
    path("pairings/", views.PairingListView.as_view(), name="pairing_list"),
    path("pairings/add/", views.PairingCreateView.as_view(), name="pairing_add"),
    path("pairings/<int:pk>/", views.PairingDetailView.as_view(), name="pairing_detail"),
    path("pairings/<int:pk>/edit/", views.PairingUpdateView.as_view(), name="pairing_edit"),
    path("pairings/<int:pk>/delete/", views.PairingDeleteView.as_view(), name="pairing_delete"),
    path("pairings/<int:pk>/contacts/", views.pairing_contact_add, name="pairing_contact_add"),
    path("problems/", views.ProblemListView.as_view(), name="problem_list"),
    path("problems/add/", views.ProblemCreateView.as_view(), name="problem_add"),
    path("problems/<int:pk>/", views.ProblemDetailView.as_view(), name="problem_detail"),
    path("problems/<int:pk>/edit/", views.ProblemUpdateView.as_view(), name="problem_edit"),
    path("problems/<int:pk>/delete/", views.ProblemDeleteView.as_view(), name="problem_delete"),
    path("problems/<int:pk>/ledger/", views.problem_to_ledger, name="problem_to_ledger"),
    path("topics/", views.TopicListView.as_view(), name="topic_list"),
    path("topics/add/", views.TopicCreateView.as_view(), name="topic_add"),
    path("topics/<int:pk>/", views.TopicDetailView.as_view(), name="topic_detail"),
    path("topics/<int:pk>/edit/", views.TopicUpdateView.as_view(), name="topic_edit"),
    path("topics/<int:pk>/delete/", views.TopicDeleteView.as_view(), name="topic_delete"),
    path("topics/<int:pk>/report/", views.topic_report, name="topic_report"),
    path("topics/<int:pk>/milestones/", views.milestone_add, name="milestone_add"),
    path("topics/<int:pk>/milestones/<int:milestone_id>/done/", views.milestone_done, name="milestone_done"),
    path("topics/<int:pk>/milestones/<int:milestone_id>/delete/", views.milestone_delete, name="milestone_delete"),
]
