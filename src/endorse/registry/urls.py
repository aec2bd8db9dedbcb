from django.urls import path

from . import views

app_name = "registry"
urlpatterns = [
    path("registry/", views.search, name="search"),
    path("registry/<str:number>/certificate.pdf", views.certificate, name="certificate"),
    path("verify/<str:number>/", views.verify, name="verify"),
    # The holder's choice, made on their profile page (hence its address under /profile/).
    path("profile/registry/", views.listing, name="listing"),
]
