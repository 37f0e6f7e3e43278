from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from boards.views import signin

# The admin's own sign-in form takes a password alone: everyone signs in through allauth, which
# asks for the second factor (boards.middleware.RequireMFAForOfficeHoldersMiddleware).
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    # Ours first, in allauth's places (see boards/views/signin.py).
    path("accounts/2fa/totp/activate/", signin.activate_authenticator, name="mfa_activate_totp"),
    path("accounts/email/", signin.change_email, name="account_email"),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("actions/", include("actions.urls")),
    path("challenges/", include("challenges.urls")),
    path("recommendations/", include("recommendations.urls")),
    # Recommendations lived under the challenge log until they had their own app: links
    # already sent or bookmarked still arrive.
    path("challenges/", include("recommendations.moved_urls")),
    path("indicators/", include("performance.urls")),
    path("audits/", include("audits.urls")),
    path("api/v1/", include("actions.api_urls")),
    path("", include("boards.urls")),
]
