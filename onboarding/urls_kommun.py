"""A kommun's systems pages, mounted under /system/ on the kommun's site."""

from django.urls import path

from .views import attachments, imports, proposal, systems, wizard

app_name = "onboarding"

urlpatterns = [
    path("", systems.SystemListView.as_view(), name="system_list"),
    path("nytt/", wizard.wizard, name="system_create"),
    path("<int:pk>/", systems.SystemDetailView.as_view(), name="system_detail"),
    path("<int:pk>/steg/<slug:step>/", wizard.wizard, name="system_step"),
    path("<int:pk>/skicka-in/", systems.SystemSubmitView.as_view(), name="system_submit"),
    path("<int:pk>/klar/", systems.SystemMarkReadyView.as_view(), name="system_ready"),
    path("<int:pk>/komplettering/", systems.SystemCompletionView.as_view(), name="system_completion"),
    path("<int:pk>/ta-bort/", systems.SystemDeleteView.as_view(), name="system_delete"),
    path("<int:pk>/bilagor/", attachments.AttachmentUploadView.as_view(), name="attachment_upload"),
    path("<int:pk>/bilagor/<int:attachment_pk>/", attachments.attachment_download, name="attachment_download"),
    path("produkter/", systems.product_suggestions, name="product_suggestions"),
    path("forslag/", proposal.ProposalView.as_view(), name="proposal"),
    path("import/", imports.ImportView.as_view(), name="import"),
    path("import/mall.xlsx", imports.import_template, name="import_template"),
    path("import/<int:pk>/", imports.ImportJobView.as_view(), name="import_job"),
    path("export.<str:fmt>", imports.export, name="export"),
]
