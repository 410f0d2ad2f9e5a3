"""The consortium site: the förvaltning's connection board across kommuner, and the archive backends' API tokens."""

from django.urls import path

from .views.archive_backends import ArchiveBackendListView, ArchiveTokenRevokeView, ArchiveTokenRotateView
from .views.board import ConsortiumBoardView, board_export

app_name = "deliveries_board"

urlpatterns = [
    path("anslutningar/", ConsortiumBoardView.as_view(), name="board"),
    path("anslutningar/export.<str:fmt>", board_export, name="board_export"),
    path("arkivbackends/", ArchiveBackendListView.as_view(), name="archive_backends"),
    path("arkivbackends/<int:pk>/ny-nyckel/", ArchiveTokenRotateView.as_view(), name="archive_token_rotate"),
    path("arkivbackends/nycklar/<int:pk>/aterkalla/", ArchiveTokenRevokeView.as_view(), name="archive_token_revoke"),
]
