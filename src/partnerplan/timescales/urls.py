from django.urls import path

from partnerplan.timescales import views

app_name = "timescales"

urlpatterns = [
    path("due/", views.whats_due, name="due"),
    path("timescales/to-check/", views.to_check, name="to_check"),
    path("timescales/<str:kind>/<int:pk>/fix/", views.fix_timescale, name="fix"),
    path("plans/<int:pk>/timeline/", views.timeline, name="timeline"),
    path("partnerships/<int:pk>/meetings/", views.meetings, name="meetings"),
    path("partnerships/<int:pk>/meetings/new/", views.meeting_create, name="meeting_create"),
    path("meetings/<int:pk>/edit/", views.meeting_edit, name="meeting_edit"),
    path("meetings/<int:pk>/delete/", views.meeting_delete, name="meeting_delete"),
    path(
        "partnerships/<int:pk>/obligations/new/",
        views.obligation_create,
        name="obligation_create",
    ),
    path("obligations/<int:pk>/delete/", views.obligation_delete, name="obligation_delete"),
    path(
        "obligations/<int:pk>/meetings/<int:meeting>/done/",
        views.obligation_met,
        name="obligation_met",
    ),
    path("partnerships/<int:pk>/timetable/", views.timetable, name="timetable"),
    path(
        "partnerships/<int:pk>/data-releases/new/",
        views.data_release_create,
        name="data_release_create",
    ),
    path("data-releases/<int:pk>/delete/", views.data_release_delete, name="data_release_delete"),
    path("calendars/", views.feeds, name="feeds"),
    path("calendars/<int:pk>/revoke/", views.feed_revoke, name="feed_revoke"),
    path("feeds/<str:token>.ics", views.feed, name="feed"),
    path("reminders/", views.reminders, name="reminders"),
    path("reminders/stop/<str:token>/", views.stop_reminders, name="stop_reminders"),
]
