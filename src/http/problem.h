#pragma once
//! RFC 9457 problem details: the one place where errors become HTTP.
//!
//! Every error response of the API is `application/problem+json`:
//!   { "type": "https://fairlabel.dev/problems/<code>", "title": <reason phrase>,
//!     "status": <status>, "code": <stable machine code>, "detail": <for people>,
//!     "instance": <request path>, "request_id": <id>,
//!     "errors": [ { "pointer": "/email", "detail": "…" } ]   // validation only
//!   }
//! Status by ErrorKind: malformed 400, unauthenticated 401, forbidden 403,
//! not_found 404, conflict 409, unsupported_media_type 415, precondition 409,
//! invalid_input 422, rate_limited 429, unavailable 503, internal 500.
//! Texts that are not valid UTF-8 (a path or header quoted in the detail)
//! are rendered with U+FFFD in place of the invalid bytes: an answer can
//! always be produced.

#include <string>

#include "core/error.h"
#include "http/message.h"

namespace fairlabel::http {

int status_for(ErrorKind kind);

Response problem_response(int status, const std::string& code, const std::string& detail, const Request* request,
                          const std::vector<FieldError>& field_errors = {});

Response problem_response(const Error& error, const Request* request);

}  // namespace fairlabel::http
