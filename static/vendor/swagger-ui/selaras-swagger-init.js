/* Selaras: starts Swagger UI for /api/v1/docs from a static file (the CSP forbids inline
   scripts). Not part of swagger-ui-dist; the files beside it are (see LICENSE, NOTICE). */
(function () {
  "use strict";
  var root = document.getElementById("swagger-ui");
  var csrfToken = root.getAttribute("data-csrf-token");
  window.ui = SwaggerUIBundle({
    url: root.getAttribute("data-openapi-url"),
    dom_id: "#swagger-ui",
    deepLinking: true,
    layout: "BaseLayout",
    presets: [SwaggerUIBundle.presets.apis],
    // Never ask an outside validator service about our spec.
    validatorUrl: null,
    // A browser session may "Try it out": unsafe methods need the CSRF token.
    requestInterceptor: function (request) {
      if (csrfToken) {
        request.headers["X-CSRFToken"] = csrfToken;
      }
      return request;
    }
  });
})();
