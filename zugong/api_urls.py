"""/api/v1/: one router for every app's viewsets."""

from rest_framework.routers import DefaultRouter

from zugong.orgs.api import OrgUnitViewSet
from zugong.people.api import CadreViewSet

router = DefaultRouter()
router.register("orgs", OrgUnitViewSet, basename="orgunit")
router.register("cadres", CadreViewSet, basename="cadre")

urlpatterns = router.urls
