from django.urls import path

from partnerplan.core import views

app_name = "core"

urlpatterns = [
    path("history/<str:model_label>/<str:pk>/", views.history, name="history"),
    path("deleted/", views.deleted_items, name="deleted"),
    path("deleted/<int:event_id>/restore/", views.restore, name="restore"),
]
