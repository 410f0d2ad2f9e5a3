"""The consortium site: readiness of every kommun, the checklist template, meetings."""

from django.urls import path

from .views import consortium, meetings

app_name = "readiness"

urlpatterns = [
    path("beredskap/", consortium.OverviewView.as_view(), name="overview"),
    path("beredskap/checklista/", consortium.TemplateView.as_view(), name="template"),
    path("beredskap/checklista/utkast/", consortium.DraftCreateView.as_view(), name="draft_create"),
    path("beredskap/checklista/utkast/atgard/", consortium.DraftItemAddView.as_view(), name="item_add"),
    path(
        "beredskap/checklista/utkast/atgard/<int:pk>/ta-bort/",
        consortium.DraftItemRemoveView.as_view(),
        name="item_remove",
    ),
    path("beredskap/checklista/publicera/", consortium.PublishView.as_view(), name="publish"),
    path("beredskap/kommuner/<int:kommun_id>/", consortium.KommunChecklistView.as_view(), name="kommun"),
    path("beredskap/kommuner/<int:kommun_id>/oppna/", consortium.ReopenView.as_view(), name="reopen"),
    path(
        "beredskap/kommuner/<int:kommun_id>/datum/", consortium.FirstConnectionView.as_view(), name="first_connection"
    ),
    path("moten/", meetings.MeetingListView.as_view(), name="meetings"),
    path("moten/nytt/", meetings.MeetingCreateView.as_view(), name="meeting_create"),
    path("moten/<int:pk>/", meetings.MeetingView.as_view(), name="meeting"),
    path("moten/<int:pk>/atgard/", meetings.MeetingActionAddView.as_view(), name="action_add"),
]
