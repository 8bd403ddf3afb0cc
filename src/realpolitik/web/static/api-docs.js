// The OpenAPI page: Swagger UI (vendored from npm, see vendor/swagger-ui/README.txt) on /api/openapi.json.
"use strict";
window.ui = SwaggerUIBundle({ url: "/api/openapi.json", dom_id: "#swagger-ui", deepLinking: true });
