#pragma once
//! The OpenAPI 3.1 document of the whole API: docs/openapi.json, compiled
//! into the binary at build time (cmake/embed_text.cmake), served as is at
//! GET /api/v1/openapi.json. src/app/openapi_http_test.cc fails when a route
//! is missing from it or it names a route that does not exist.

#include <string_view>

namespace fairlabel::api {

//! The document's bytes, exactly as checked in.
std::string_view openapi_document();

}  // namespace fairlabel::api
