"""/api/v1/: one router for every app's viewsets. Apps added later register their own in api.py
(`register(router)` and `PATHS`), listed in APP_APIS."""

import importlib

from django.urls import path
from rest_framework.routers import DefaultRouter

from zugong.campaigns.api import AssignmentViewSet, CampaignViewSet, TaskViewSet
from zugong.honors.api import SelectionViewSet, VoteView
from zugong.learning.api import AttemptViewSet, ExamViewSet, MyAttemptViewSet
from zugong.learning.api_study import EnrollmentViewSet, StudySessionViewSet, TrainingClassViewSet
from zugong.opinions.api import DriveViewSet, MeasureViewSet, OpinionViewSet, ProblemViewSet
from zugong.opinions.api_mailbox import MailboxStatusView, MailboxView
from zugong.orgs.api import OrgUnitViewSet
from zugong.people.api import CadreViewSet
from zugong.points.api import MyPointCardView, PointCardView
from zugong.stats.api import IndicatorListView, ValuesView
from zugong.surveys.api import BallotOpenView, BallotView, SurveyViewSet

router = DefaultRouter()
router.register("orgs", OrgUnitViewSet, basename="orgunit")
router.register("cadres", CadreViewSet, basename="cadre")
router.register("campaigns", CampaignViewSet, basename="campaign")
router.register("campaign-tasks", TaskViewSet, basename="campaigntask")
router.register("assignments", AssignmentViewSet, basename="assignment")
router.register("exams", ExamViewSet, basename="exam")
router.register("attempts", AttemptViewSet, basename="attempt")
router.register("my/attempts", MyAttemptViewSet, basename="myattempt")
router.register("study-sessions", StudySessionViewSet, basename="studysession")
router.register("training-classes", TrainingClassViewSet, basename="trainingclass")
router.register("enrollments", EnrollmentViewSet, basename="enrollment")
router.register("drives", DriveViewSet, basename="drive")
router.register("opinions", OpinionViewSet, basename="opinion")
router.register("problems", ProblemViewSet, basename="problem")
router.register("measures", MeasureViewSet, basename="measure")
router.register("surveys", SurveyViewSet, basename="survey")
router.register("selections", SelectionViewSet, basename="selection")

APP_APIS = [importlib.import_module(f"zugong.{app}.api") for app in
            ("fieldwork", "projects", "risks", "regulations", "care", "discipline", "publicity")]
for _api in APP_APIS:
    _api.register(router)

urlpatterns = [
    *router.urls,
    path("stats/indicators/", IndicatorListView.as_view(), name="stats-indicators"),
    path("stats/values/", ValuesView.as_view(), name="stats-values"),
    path("mailbox/", MailboxView.as_view(), name="mailbox"),
    path("mailbox/status/", MailboxStatusView.as_view(), name="mailbox-status"),
    path("ballots/", BallotView.as_view(), name="ballots"),
    path("ballots/questionnaire/", BallotOpenView.as_view(), name="ballot-open"),
    path("votes/", VoteView.as_view(), name="votes"),
    path("points/cards/mine/", MyPointCardView.as_view(), name="pointcard-mine"),
    path("points/cards/<int:pk>/", PointCardView.as_view(), name="pointcard-detail"),
    *[p for _api in APP_APIS for p in getattr(_api, "PATHS", [])],
]
