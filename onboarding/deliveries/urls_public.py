"""The consortium site: the förvaltning's connection board across kommuner."""

from django.urls import path

from .views.board import ConsortiumBoardView

app_name = "deliveries_board"

urlpatterns = [
    path("anslutningar/", ConsortiumBoardView.as_view(), name="board"),
]
