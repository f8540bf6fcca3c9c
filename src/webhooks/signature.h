#pragma once
//! Signing webhook bodies, so that a receiver can tell a request came from
//! this server and was not altered or replayed.
//!
//! Every delivery carries
//!
//!   Fairlabel-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256>
//!
//! where the HMAC is computed with the subscription's secret (the whole
//! string as shown at creation, "whsec_…", as the key bytes) over
//!
//!   "<t>.<body>"
//!
//! — the decimal timestamp, a full stop, then the raw request body bytes
//! exactly as received (do not re-serialise the JSON). This is Stripe's
//! convention. To verify: recompute the HMAC, compare in constant time with
//! the v1 value, and refuse a t too far from your clock (5 minutes is
//! usual) so that a captured request cannot be replayed later. Each retry is
//! signed afresh with its own t; the body (and its event id) stay the same.
//! Receivers should ignore signature schemes other than v1 in the header.
//!
//! While a secret is being rotated, the header carries two v1 entries — the
//! new secret's first, then the previous secret's — until the previous one
//! expires; a receiver accepts the request if any v1 entry verifies.
//!
//! HMAC-SHA256 is libsodium's crypto_auth_hmacsha256 (any key length).

#include <cstdint>
#include <string>
#include <string_view>

namespace fairlabel::webhooks {

//! The header's name.
inline constexpr const char* kSignatureHeader = "Fairlabel-Signature";

//! Lowercase hex HMAC-SHA256 of "<unix_seconds>.<body>" under `secret`.
std::string signature_v1(std::string_view secret, std::int64_t unix_seconds, std::string_view body);

//! The header value: "t=<unix_seconds>,v1=<signature_v1(...)>", followed by
//! ",v1=<signature under previous_secret>" when that is not empty.
std::string signature_header(std::string_view secret, std::int64_t unix_seconds, std::string_view body,
                             std::string_view previous_secret = {});

//! Checks a header value as a receiver would: a v1 entry matching the
//! body (constant-time comparison) and |now - t| <= tolerance_seconds.
bool verify_signature_header(std::string_view header, std::string_view secret, std::string_view body,
                             std::int64_t now_unix_seconds, std::int64_t tolerance_seconds = 300);

//! A new secret: "whsec_" + 32 random bytes in URL-safe base64 (libsodium).
std::string new_secret();

}  // namespace fairlabel::webhooks
