#pragma once
//! Entity tags for content served whole from memory (the web UI's files,
//! the OpenAPI document): a fingerprint of the bytes, and the If-None-Match
//! check that turns a repeat request into 304 Not Modified.

#include <string>
#include <string_view>

namespace fairlabel::http {

//! A strong ETag for `bytes`: the quoted 64-bit FNV-1a hash in hex, with
//! `suffix` before the closing quote (to tell encodings apart, e.g. "-gz").
//! A content fingerprint, not a security measure: a collision only costs a
//! client a stale-cache check.
std::string quoted_fingerprint(std::string_view bytes, std::string_view suffix = "");

//! Whether an If-None-Match header value names `etag`: "*", or a
//! comma-separated list holding it, compared weakly ("W/" ignored) as
//! RFC 9110 asks for GET and HEAD.
bool etag_matches(std::string_view if_none_match, std::string_view etag);

}  // namespace fairlabel::http
