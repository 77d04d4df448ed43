from django.urls import path

from partnerplan.accounts import views

app_name = "accounts"

urlpatterns = [
    path("sign-in/", views.SignInView.as_view(), name="sign_in"),
    path("sign-out/", views.SignOutView.as_view(), name="sign_out"),
    path("partnerships/<int:pk>/access/", views.partnership_access, name="partnership_access"),
    path("roles/<int:pk>/remove/", views.revoke_role, name="revoke_role"),
]
