from django.urls import path

from zugong.projects import views, views_awards, views_claims

app_name = "projects"

urlpatterns = [
    path("", views.ProjectListView.as_view(), name="list"),
    path("add/", views.project_add, name="add"),
    path("<int:pk>/", views.project_detail, name="detail"),
    path("<int:pk>/edit/", views.project_edit, name="edit"),
    path("<int:pk>/delete/", views.project_delete, name="delete"),
    path("<int:pk>/milestones/", views.milestone_add, name="milestone_add"),
    path("<int:pk>/reports/", views.report_add, name="report"),
    path("<int:pk>/claim/", views_claims.claim_apply, name="claim_apply"),
    path("milestones/<int:pk>/done/", views.milestone_done, name="milestone_done"),
    path("milestones/<int:pk>/delete/", views.milestone_delete, name="milestone_delete"),
    path("programs/", views.program_list, name="programs"),
    path("programs/add/", views.program_add, name="program_add"),
    path("menu/", views_claims.menu, name="menu"),
    path("claims/", views_claims.my_claims, name="claims"),
    path("claims/inbox/", views_claims.inbox, name="inbox"),
    path("claims/<int:pk>/", views_claims.claim_detail, name="claim"),
    path("claims/<int:pk>/decide/", views_claims.claim_decide, name="claim_decide"),
    path("claims/<int:pk>/withdraw/", views_claims.claim_withdraw, name="claim_withdraw"),
    path("bulletin/", views_claims.bulletin_page, name="bulletin"),
    path("bulletin/draft/", views_claims.bulletin_draft, name="bulletin_draft"),
    path("awards/", views_awards.round_list, name="awards"),
    path("awards/add/", views_awards.round_add, name="award_add"),
    path("awards/awarded/", views_awards.awarded_list, name="awarded"),
    path("awards/<int:pk>/", views_awards.round_detail, name="award"),
    path("awards/<int:pk>/nominate/", views_awards.round_nominate, name="award_nominate"),
    path("awards/<int:pk>/advance/", views_awards.round_advance, name="award_advance"),
    path("awards/<int:pk>/award/", views_awards.round_award, name="award_award"),
    path("awards/entries/<int:pk>/review/", views_awards.entry_review, name="award_review"),
]
