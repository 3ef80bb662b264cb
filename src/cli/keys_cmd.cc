#include "cli/keys_cmd.h"

#include <fmt/format.h>

#include <cstdio>

#include "auth/aws_credentials.h"
#include "auth/key_info.h"
#include "auth/key_store.h"
#include "auth/presented_key.h"
#include "core/file.h"
#include "core/strings.h"
#include "meta/meta_store.h"

namespace waggle::cli {
namespace {

int Fail(const absl::Status& s) {
  fmt::print(stderr, "waggle: {}\n", s.message());
  return 1;
}

absl::StatusOr<std::unique_ptr<meta::MetaStore>> OpenMeta(const std::string& data_dir) {
  RETURN_IF_ERROR(core::CreateDirs(data_dir));
  return meta::MetaStore::Open(data_dir + "/meta.sqlite");
}

}  // namespace

int RunKeysCreate(const KeysFlags& flags) {
  absl::StatusOr<uint32_t> scopes = auth::ParseScopes(flags.scope);
  if (!scopes.ok()) return Fail(scopes.status());
  auto meta = OpenMeta(flags.data_dir);
  if (!meta.ok()) return Fail(meta.status());
  auth::KeyStore keys(**meta);
  auto created = keys.Create(*scopes, flags.environment, flags.name);
  if (!created.ok()) return Fail(created.status());
  const auto& [info, secret] = *created;
  auto master = auth::LoadOrCreateAwsMasterSecret(flags.data_dir);
  if (!master.ok()) return Fail(master.status());
  fmt::print(stderr, "Created key {} (scopes: {}, environment: {}).\n", info.id,
             core::Join(auth::ScopeNames(info.scopes), ","), info.environment);
  fmt::print(stderr,
             "Store it now: it is shown only once, and Waggle keeps only its hash.\n"
             "AWS SDKs, the aws CLI and boto3 (X-Ray, CloudWatch Logs) sign with the two AWS_ "
             "lines below (any region);\nRollbar SDKs use the key itself as the access token, "
             "OTLP exporters send it as 'x-honeycomb-team' or 'Authorization: Bearer'.\n");
  // The key stays the last line of stdout, for scripts that capture it.
  fmt::print("AWS_ACCESS_KEY_ID={}\nAWS_SECRET_ACCESS_KEY={}\n{}\n", info.id,
             auth::DeriveAwsSecretAccessKey(*master, info.id), secret);
  return 0;
}

int RunKeysList(const KeysFlags& flags) {
  auto meta = OpenMeta(flags.data_dir);
  if (!meta.ok()) return Fail(meta.status());
  auth::KeyStore keys(**meta);
  auto list = keys.List();
  if (!list.ok()) return Fail(list.status());
  fmt::print("{:<16}  {:<16}  {:<20}  {:<8}  {}\n", "ID", "ENVIRONMENT", "SCOPES", "STATE", "NAME");
  for (const auth::KeyInfo& k : *list) {
    fmt::print("{:<16}  {:<16}  {:<20}  {:<8}  {}\n", k.id, k.environment,
               core::Join(auth::ScopeNames(k.scopes), ","), k.revoked ? "revoked" : "active",
               k.name);
  }
  return 0;
}

int RunKeysRevoke(const KeysFlags& flags, const std::string& id) {
  auto meta = OpenMeta(flags.data_dir);
  if (!meta.ok()) return Fail(meta.status());
  auth::KeyStore keys(**meta);
  absl::Status s = keys.Revoke(id);
  if (!s.ok()) return Fail(s);
  fmt::print(stderr, "Revoked key {}.\n", id);
  return 0;
}

}  // namespace waggle::cli
