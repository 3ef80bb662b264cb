// `waggle keys create|list|revoke`: manage API keys in a data directory's
// control plane (works while the server runs: SQLite serializes writers).
#pragma once

#include <string>

namespace waggle::cli {

struct KeysFlags {
  std::string data_dir = "./data";
  std::string scope = "ingest";
  std::string environment = "default";
  std::string name;
};

// Creates a key and prints it once: AWS_ACCESS_KEY_ID=<id> and
// AWS_SECRET_ACCESS_KEY=<derived> lines (auth/aws_credentials.h; creates the
// data dir's AWS master secret if absent), then the key on the last line.
int RunKeysCreate(const KeysFlags& flags);
// Lists keys (never their secrets).
int RunKeysList(const KeysFlags& flags);
// Revokes key `id`.
int RunKeysRevoke(const KeysFlags& flags, const std::string& id);

}  // namespace waggle::cli
