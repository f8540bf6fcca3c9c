#pragma once
//! Randomness, injectable like the clock.
//!
//! Security-sensitive values (session tokens, API keys) always come from
//! secure_random_bytes() (libsodium's CSPRNG). Everything that only needs to
//! be unpredictable-enough and reproducible in tests (gold-task mixing,
//! simulation) takes a Random&, which tests seed.

#include <cstdint>
#include <random>
#include <string>

namespace fairlabel {

//! n bytes from the OS CSPRNG via libsodium. Never seeded, never mocked.
std::string secure_random_bytes(std::size_t n);

//! URL-safe base64 without padding (RFC 4648 §5).
std::string base64url_encode(std::string_view bytes);

//! Lowercase hex.
std::string hex_encode(std::string_view bytes);

//! SHA-256 of the input, as raw bytes (libsodium).
std::string sha256(std::string_view input);

//! A seeded, reproducible generator for non-security uses.
class Random {
 public:
  explicit Random(std::uint64_t seed) : engine_(seed) {}
  std::uint64_t next() { return engine_(); }
  //! Uniform in [0, bound); bound > 0.
  std::uint64_t below(std::uint64_t bound) { return std::uniform_int_distribution<std::uint64_t>(0, bound - 1)(engine_); }

 private:
  std::mt19937_64 engine_;
};

}  // namespace fairlabel
