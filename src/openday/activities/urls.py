"""Staff URLs of an activity, included by ``openday.campaigns.urls`` under a campaign's path
so they live in the ``staff`` namespace: ``staff:activity-detail``, ``staff:activity-transition``.
"""

from django.urls import path

from openday.activities import views

urlpatterns = [
    path("<int:seq>/", views.activity_detail, name="activity-detail"),
    path("<int:seq>/<slug:action>/", views.activity_transition, name="activity-transition"),
]
