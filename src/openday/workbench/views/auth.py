"""Signing in to the workbench (signing out is Django's ``LogoutView``)."""

from django.contrib.auth import views as auth_views


class StaffLoginView(auth_views.LoginView):
    template_name = "campaigns/staff_login.html"
    redirect_authenticated_user = True
