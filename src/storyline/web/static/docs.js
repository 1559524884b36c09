// Starts the vendored Swagger UI on /openapi.json (a file, so the page needs no inline script).
window.addEventListener("load", function () {
  window.SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui" });
});
