"""/api/v1/: one router for every app's viewsets."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from zugong.campaigns.api import AssignmentViewSet, CampaignViewSet, TaskViewSet
from zugong.learning.api import AttemptViewSet, ExamViewSet, MyAttemptViewSet
from zugong.orgs.api import OrgUnitViewSet
from zugong.people.api import CadreViewSet
from zugong.stats.api import IndicatorListView, ValuesView

router = DefaultRouter()
router.register("orgs", OrgUnitViewSet, basename="orgunit")
router.register("cadres", CadreViewSet, basename="cadre")
router.register("campaigns", CampaignViewSet, basename="campaign")
router.register("campaign-tasks", TaskViewSet, basename="campaigntask")
router.register("assignments", AssignmentViewSet, basename="assignment")
router.register("exams", ExamViewSet, basename="exam")
router.register("attempts", AttemptViewSet, basename="attempt")
router.register("my/attempts", MyAttemptViewSet, basename="myattempt")

urlpatterns = [
    *router.urls,
    path("stats/indicators/", IndicatorListView.as_view(), name="stats-indicators"),
    path("stats/values/", ValuesView.as_view(), name="stats-values"),
]
