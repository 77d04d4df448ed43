from django.contrib import admin
from django.urls import include, path

from partnerplan.core import views as core_views

admin.site.site_header = "partnerplan site administration"
admin.site.site_title = "partnerplan"

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("robots.txt", core_views.robots_txt, name="robots"),
    path("admin/", admin.site.urls),
    path("", include("partnerplan.accounts.urls")),
    path("", include("partnerplan.core.urls")),
    path("", include("partnerplan.partnerships.urls")),
    path("", include("partnerplan.plans.urls")),
    path("", include("partnerplan.importers.urls")),
    path("", include("partnerplan.timescales.urls")),
]

handler400 = "partnerplan.core.views.bad_request"
handler403 = "partnerplan.core.views.permission_denied"
handler404 = "partnerplan.core.views.page_not_found"
handler500 = "partnerplan.core.views.server_error"
