"""News on every site (the consortium's and each kommun's): the selectors decide what each person sees."""

from django.urls import path

from .views import items, preferences

app_name = "news"

urlpatterns = [
    path("nyheter/", items.NewsListView.as_view(), name="list"),
    path("nyheter/<int:pk>/", items.NewsDetailView.as_view(), name="detail"),
    path("nyheter/installningar/", preferences.PreferenceView.as_view(), name="preferences"),
    path("nyheter/installningar/nytt-flode/", preferences.FeedRenewView.as_view(), name="feed_renew"),
    # Open to feed readers (tenants.middleware.OPEN_PREFIXES): the token in the address is the access.
    path("nyheter/flode/<str:token>/", preferences.NewsFeed(), name="feed"),
]
