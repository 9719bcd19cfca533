"use strict";
// Swagger UI over the schema that the docs page carries as JSON data (#eendak-openapi-schema): the
// page was read with a session or an API token, so no second request for the schema is needed.
// "Try it out" sends the session's CSRF token on changes; a token user clicks "Authorize" and
// enters "Token <token>" for tokenAuth.
(function () {
  const root = document.getElementById("swagger-ui");
  const spec = JSON.parse(document.getElementById("eendak-openapi-schema").textContent);
  const csrfHeader = root.dataset.csrfHeader;
  const csrfToken = root.dataset.csrfToken;

  window.ui = SwaggerUIBundle({
    spec: spec,
    dom_id: "#swagger-ui",
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    deepLinking: true,
    requestInterceptor: function (request) {
      if (csrfHeader && csrfToken && !["GET", "HEAD", undefined].includes(request.method)) {
        request.headers[csrfHeader] = csrfToken;
      }
      return request;
    },
  });
})();
