"""Learning URLs: each area keeps its own list (urls_*.py); the namespace is "learning"."""

from zugong.learning import urls_bank, urls_contests, urls_exams, urls_study, urls_writings

app_name = "learning"

urlpatterns = [*urls_study.urlpatterns, *urls_bank.urlpatterns, *urls_exams.urlpatterns, *urls_writings.urlpatterns,
               *urls_contests.urlpatterns]
