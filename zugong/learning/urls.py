"""Learning URLs: each area keeps its own list (urls_*.py); the namespace is "learning"."""

from zugong.learning import urls_bank, urls_exams, urls_study

app_name = "learning"

urlpatterns = [*urls_study.urlpatterns, *urls_bank.urlpatterns, *urls_exams.urlpatterns]
