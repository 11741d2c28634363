// Browsable API docs with the vendored Swagger UI (a classic script: the bundle is UMD).
(function () {
  var el = document.getElementById("swagger-ui");
  if (!el || !window.SwaggerUIBundle) return;
  window.SwaggerUIBundle({ url: el.dataset.specUrl, domNode: el, validatorUrl: null, deepLinking: true });
})();
