// File: auth/aws_credentials.h
//
// AWS credentials for Waggle keys. AWS SDKs sign requests with an access
// key id and a secret access key (SigV4, see auth/sigv4.h); Waggle never
// stores a second secret per key. Instead:
//
//   AWS_ACCESS_KEY_ID     = the Waggle key id (public, e.g. "a1B2c3D4e5")
//   AWS_SECRET_ACCESS_KEY = DeriveAwsSecretAccessKey(master_secret, key id)
//
// where the master secret is 32 random bytes kept in DATA/aws_master.key.
// Whoever holds the data directory can derive every key's AWS secret, just
// as they could read the data itself. Revoking the Waggle key revokes its
// AWS credentials. Thread-safe (pure functions and a file read).
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"

namespace waggle::auth {

// The file under the data directory that holds the master secret.
inline constexpr std::string_view kAwsMasterKeyFile = "aws_master.key";
// Length of the master secret in bytes, and of a derived secret in characters.
inline constexpr size_t kAwsMasterSecretBytes = 32;
inline constexpr size_t kAwsSecretAccessKeyLength = 40;

// Reads DATA/aws_master.key (32 random bytes, file mode 0600), creating it atomically if absent.
// Internal if the CSPRNG fails; DataLoss if the file exists with the wrong size; I/O errors
// otherwise.
absl::StatusOr<std::string> LoadOrCreateAwsMasterSecret(const std::string& data_dir);

// The AWS secret access key for Waggle key `key_id`: 40 chars, derived (HMAC-SHA256) from the
// master secret. Characters are [A-Za-z0-9]; the same inputs always give the same secret.
std::string DeriveAwsSecretAccessKey(std::string_view master_secret, std::string_view key_id);

}  // namespace waggle::auth
