// File: auth/key_format.h
//
// The text form of a Waggle API key and the cryptography around it:
//
//   key    = "wgk_" id "_" secret
//   id     = 10 base62 characters (public; the row to look up)
//   secret = 32 base62 characters from RAND_bytes (~190 bits; shown once)
//
// e.g. wgk_3kT9aZq01B_Xq8...; 47 characters in all. The prefix makes keys
// easy to recognize (and to find with secret scanners). Only SHA-256 of the
// secret is stored: the secret has enough entropy that no salt or slow hash
// is needed. Pure functions; safe from any thread.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "core/status.h"

namespace waggle::auth {

inline constexpr std::string_view kKeyPrefix = "wgk_";
inline constexpr size_t kKeyIdLength = 10;
inline constexpr size_t kKeySecretLength = 32;
inline constexpr size_t kKeyLength = kKeyPrefix.size() + kKeyIdLength + 1 + kKeySecretLength;

// The two parts of a well-formed key; views into the parsed text.
struct ParsedKey {
  std::string_view id;
  std::string_view secret;
};

// Splits `key` into id and secret, or nullopt if it is not exactly of the
// form above (wrong length, prefix, separator or a non-base62 character).
std::optional<ParsedKey> ParseKey(std::string_view key);

// Joins an id and a secret into the key text.
std::string FormatKey(std::string_view id, std::string_view secret);

// `length` characters of [0-9A-Za-z], each uniformly chosen from OpenSSL's
// CSPRNG. Internal if the CSPRNG fails.
absl::StatusOr<std::string> RandomBase62(size_t length);

// SHA-256 of `data` as 32 raw bytes.
std::string Sha256(std::string_view data);

// Compares in time that depends only on the lengths, not the contents.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace waggle::auth
