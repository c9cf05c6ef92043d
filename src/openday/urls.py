from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "政务公开主题日管理后台"
admin.site.site_title = "openday 管理后台"
admin.site.index_title = "配置"

# Two front ends, one URL namespace each: ``staff`` (the workbench) and ``portal`` (public).
urlpatterns = [
    path("admin/", admin.site.urls),
    path("staff/", include("openday.workbench.urls")),
    path("", include("openday.portal.urls")),
]
