"""Language selection: Indonesian unless the user chose otherwise.

Django's LocaleMiddleware follows the browser's Accept-Language, which would show
English to an official whose phone happens to be set to English. The web UI is
Indonesian by default (DESIGN §3); a user switches with the language form, which
sets the language cookie. API clients keep standard content negotiation through
Accept-Language.
"""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class SelarasLocaleMiddleware(LocaleMiddleware):
    def process_request(self, request):
        if request.path.startswith("/api/"):
            return super().process_request(request)
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        if chosen in dict(settings.LANGUAGES):
            language = chosen
        else:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
