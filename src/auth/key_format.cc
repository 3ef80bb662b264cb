#include "auth/key_format.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include "core/check.h"

namespace waggle::auth {
namespace {

constexpr std::string_view kBase62 =
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

bool IsBase62(std::string_view s) {
  for (char c : s) {
    if (kBase62.find(c) == std::string_view::npos) return false;
  }
  return true;
}

}  // namespace

std::optional<ParsedKey> ParseKey(std::string_view key) {
  if (key.size() != kKeyLength || key.substr(0, kKeyPrefix.size()) != kKeyPrefix) {
    return std::nullopt;
  }
  const size_t separator = kKeyPrefix.size() + kKeyIdLength;
  if (key[separator] != '_') return std::nullopt;
  ParsedKey parsed{key.substr(kKeyPrefix.size(), kKeyIdLength), key.substr(separator + 1)};
  if (!IsBase62(parsed.id) || !IsBase62(parsed.secret)) return std::nullopt;
  return parsed;
}

std::string FormatKey(std::string_view id, std::string_view secret) {
  std::string key;
  key.reserve(kKeyPrefix.size() + id.size() + 1 + secret.size());
  key.append(kKeyPrefix).append(id).append("_").append(secret);
  return key;
}

absl::StatusOr<std::string> RandomBase62(size_t length) {
  // Rejection sampling: 248 = 4 * 62, so bytes below it map uniformly.
  constexpr unsigned kLimit = 248;
  std::string out;
  out.reserve(length);
  unsigned char buf[64];
  while (out.size() < length) {
    if (RAND_bytes(buf, sizeof(buf)) != 1) {
      return absl::InternalError("OpenSSL RAND_bytes failed");
    }
    for (unsigned char b : buf) {
      if (b < kLimit && out.size() < length) out.push_back(kBase62[b % 62]);
    }
  }
  OPENSSL_cleanse(buf, sizeof(buf));
  return out;
}

std::string Sha256(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  // EVP_Digest with SHA-256 fails only on allocation failure inside OpenSSL.
  CHECK(EVP_Digest(data.data(), data.size(), digest, &size, EVP_sha256(), nullptr) == 1);
  return std::string(reinterpret_cast<const char*>(digest), size);
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace waggle::auth
