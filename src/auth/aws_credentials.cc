#include "auth/aws_credentials.h"

#include <errno.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <openssl/rand.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "auth/sigv4.h"
#include "core/file.h"

namespace waggle::auth {
namespace {

constexpr char kBase62[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

absl::Status PosixError(std::string_view what, const std::string& path) {
  return absl::InternalError(fmt::format("{} {}: {}", what, path, strerror(errno)));
}

// Writes `data` to a new file `path` with mode 0600 and fsyncs it.
absl::Status WritePrivateFile(const std::string& path, std::string_view data) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return PosixError("create", path);
  size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      absl::Status status = PosixError("write", path);
      ::close(fd);
      return status;
    }
    done += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0) {
    absl::Status status = PosixError("fsync", path);
    ::close(fd);
    return status;
  }
  if (::close(fd) != 0) return PosixError("close", path);
  return absl::OkStatus();
}

absl::StatusOr<std::string> ReadMasterSecret(const std::string& path) {
  ASSIGN_OR_RETURN(std::string secret, core::ReadFile(path));
  if (secret.size() != kAwsMasterSecretBytes) {
    return absl::DataLossError(
        fmt::format("{} holds {} bytes, expected {}; restore it from a backup "
                    "(every AWS secret access key derives from it)",
                    path, secret.size(), kAwsMasterSecretBytes));
  }
  return secret;
}

}  // namespace

absl::StatusOr<std::string> LoadOrCreateAwsMasterSecret(const std::string& data_dir) {
  const std::string path = data_dir + "/" + std::string(kAwsMasterKeyFile);
  if (core::PathExists(path)) return ReadMasterSecret(path);
  std::string secret(kAwsMasterSecretBytes, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(secret.data()),
                 static_cast<int>(secret.size())) != 1) {
    return absl::InternalError("RAND_bytes failed while creating the AWS master secret");
  }
  // Write a private temp file, then link it into place: link() never
  // replaces, so of two processes racing here both end up with the winner's.
  const std::string tmp = fmt::format("{}.tmp.{}", path, ::getpid());
  ::unlink(tmp.c_str());
  RETURN_IF_ERROR(WritePrivateFile(tmp, secret));
  int rc = ::link(tmp.c_str(), path.c_str());
  int link_errno = errno;
  ::unlink(tmp.c_str());
  if (rc != 0) {
    if (link_errno == EEXIST) return ReadMasterSecret(path);
    errno = link_errno;
    return PosixError("link", path);
  }
  RETURN_IF_ERROR(core::SyncDir(data_dir));
  return secret;
}

std::string DeriveAwsSecretAccessKey(std::string_view master_secret, std::string_view key_id) {
  std::string label = "waggle-aws-secret:";
  label.append(key_id);
  // Two HMAC blocks give 64 bytes; each of the 40 characters takes one byte
  // mod 62 (the tiny bias leaves ~238 bits of strength).
  std::string bytes =
      HmacSha256(master_secret, label + ":1") + HmacSha256(master_secret, label + ":2");
  std::string out;
  out.reserve(kAwsSecretAccessKeyLength);
  for (size_t i = 0; i < kAwsSecretAccessKeyLength; ++i) {
    out.push_back(kBase62[static_cast<unsigned char>(bytes[i]) % 62]);
  }
  return out;
}

}  // namespace waggle::auth
