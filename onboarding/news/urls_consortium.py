"""The consortium site's news pages: writing items, and the newsletter issues (the förvaltning)."""

from django.urls import path

from .views import issues, items

app_name = "news_consortium"

urlpatterns = [
    path("nyheter/ny/", items.NewsCreateView.as_view(), name="create"),
    path("nyheter/<int:pk>/andra/", items.NewsEditView.as_view(), name="edit"),
    path("nyhetsbrev/", issues.IssueListView.as_view(), name="issues"),
    path("nyhetsbrev/nytt/", issues.IssueCreateView.as_view(), name="issue_create"),
    path("nyhetsbrev/<int:pk>/", issues.IssueDetailView.as_view(), name="issue_detail"),
]
