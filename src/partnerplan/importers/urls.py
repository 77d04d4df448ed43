from django.urls import path

from partnerplan.importers import views

app_name = "importers"

urlpatterns = [
    path("partnerships/<int:pk>/plans/import/", views.upload, name="upload"),
    path("imports/<int:pk>/", views.job, name="job"),
    path("imports/<int:pk>/progress/", views.progress, name="progress"),
]
