from django.contrib.auth.decorators import login_required
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from zugong.core.views_pages import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("", include("zugong.core.urls")),
    path("accounts/", include("zugong.accounts.urls")),
    path("orgs/", include("zugong.orgs.urls")),
    path("people/", include("zugong.people.urls")),
    path("audit/", include("zugong.audit.urls")),
    path("stats/", include("zugong.stats.urls")),
    path("campaigns/", include("zugong.campaigns.urls")),
    path("notices/", include("zugong.notices.urls")),
    path("learning/", include("zugong.learning.urls")),
    path("opinions/", include("zugong.opinions.urls")),
    path("mailbox/", include("zugong.opinions.urls_public")),
    path("points/", include("zugong.points.urls")),
    path("surveys/", include("zugong.surveys.urls")),
    path("survey/", include("zugong.surveys.urls_public")),
    path("honors/", include("zugong.honors.urls")),
    path("honor/", include("zugong.honors.urls_public")),
    path("fieldwork/", include("zugong.fieldwork.urls")),
    path("projects/", include("zugong.projects.urls")),
    path("risks/", include("zugong.risks.urls")),
    path("regulations/", include("zugong.regulations.urls")),
    path("care/", include("zugong.care.urls")),
    path("discipline/", include("zugong.discipline.urls")),
    path("publicity/", include("zugong.publicity.urls")),
    path("api/v1/", include("zugong.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", login_required(SpectacularSwaggerSplitView.as_view(url_name="schema")), name="swagger-ui"),
]

handler400 = "zugong.core.views_errors.bad_request"
handler403 = "zugong.core.views_errors.permission_denied"
handler404 = "zugong.core.views_errors.page_not_found"
handler500 = "zugong.core.views_errors.server_error"
