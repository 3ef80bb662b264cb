#include "auth/key_store.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>

#include "auth/key_format.h"
#include "core/file.h"

namespace waggle::auth {
namespace {

constexpr uint32_t kIngest = static_cast<uint32_t>(Scope::kIngest);
constexpr uint32_t kRead = static_cast<uint32_t>(Scope::kRead);
constexpr uint32_t kAdmin = static_cast<uint32_t>(Scope::kAdmin);
constexpr int64_t kSecond = 1'000'000'000;

class KeyStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (std::filesystem::temp_directory_path() / "key_store_XXXXXX").string();
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
    path_ = dir_ + "/meta.sqlite";
    Reopen();
  }
  void TearDown() override {
    keys_.reset();
    meta_.reset();
    std::filesystem::remove_all(dir_);
  }

  void Reopen() {
    keys_.reset();
    meta_.reset();
    meta_ = OpenMeta();
    ASSERT_NE(meta_, nullptr);
    keys_ = std::make_unique<KeyStore>(*meta_);
  }

  std::unique_ptr<meta::MetaStore> OpenMeta() {
    auto meta = meta::MetaStore::Open(path_, {.clock = &clock_});
    EXPECT_TRUE(meta.ok()) << meta.status();
    return meta.ok() ? std::move(*meta) : nullptr;
  }

  std::pair<KeyInfo, std::string> MustCreate(uint32_t scopes, std::string env = "production",
                                             std::string name = "test key") {
    auto created = keys_->Create(scopes, std::move(env), std::move(name), "tester");
    EXPECT_TRUE(created.ok()) << created.status();
    return created.ok() ? std::move(*created) : std::pair<KeyInfo, std::string>{};
  }

  // The bytes of every file SQLite keeps for the database.
  std::string AllDatabaseBytes() {
    std::string bytes;
    for (const auto& entry : std::filesystem::directory_iterator(dir_)) {
      auto data = core::ReadFile(entry.path().string());
      EXPECT_TRUE(data.ok()) << data.status();
      if (data.ok()) bytes += *data;
    }
    return bytes;
  }

  core::ManualClock clock_{1'700'000'000 * kSecond};
  std::string dir_;
  std::string path_;
  std::unique_ptr<meta::MetaStore> meta_;
  std::unique_ptr<KeyStore> keys_;
};

TEST_F(KeyStoreTest, CreateAuthenticateListRevoke) {
  EXPECT_FALSE(keys_->HasKeys());
  auto [created, key] = MustCreate(kIngest, "production", "backend-flask");
  ASSERT_TRUE(ParseKey(key).has_value()) << key;
  EXPECT_EQ(ParseKey(key)->id, created.id);
  EXPECT_EQ(created.environment, "production");
  EXPECT_EQ(created.name, "backend-flask");
  EXPECT_EQ(created.scopes, kIngest);
  EXPECT_EQ(created.created_unix_ns, clock_.NowNanos());
  EXPECT_FALSE(created.last_used_unix_ns.has_value());
  EXPECT_FALSE(created.revoked);
  EXPECT_TRUE(keys_->HasKeys());

  clock_.Advance(kSecond);
  auto who = keys_->Authenticate(key);
  ASSERT_TRUE(who.ok()) << who.status();
  EXPECT_EQ(who->id, created.id);
  EXPECT_EQ(who->environment, "production");
  EXPECT_TRUE(HasScope(*who, Scope::kIngest));
  EXPECT_FALSE(HasScope(*who, Scope::kRead));
  EXPECT_EQ(who->last_used_unix_ns, clock_.NowNanos());

  auto list = keys_->List();
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ((*list)[0].id, created.id);
  EXPECT_EQ((*list)[0].last_used_unix_ns, clock_.NowNanos());

  ASSERT_TRUE(keys_->Revoke(created.id, "tester").ok());
  EXPECT_EQ(keys_->Authenticate(key).status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_FALSE(keys_->HasKeys());
  list = keys_->List();
  ASSERT_EQ(list->size(), 1u);
  EXPECT_TRUE((*list)[0].revoked);
  EXPECT_TRUE(keys_->Revoke(created.id).ok());  // idempotent
  EXPECT_EQ(keys_->Revoke("nosuchkey0").code(), absl::StatusCode::kNotFound);
}

TEST_F(KeyStoreTest, KeysSurviveReopenAndStillVerify) {
  auto [ingest, ingest_key] = MustCreate(kIngest);
  auto [admin, admin_key] = MustCreate(kAdmin, "staging", "ops");
  ASSERT_TRUE(keys_->Revoke(ingest.id).ok());
  Reopen();
  EXPECT_TRUE(keys_->HasKeys());
  EXPECT_EQ(keys_->Authenticate(ingest_key).status().code(), absl::StatusCode::kUnauthenticated);
  auto who = keys_->Authenticate(admin_key);
  ASSERT_TRUE(who.ok()) << who.status();
  EXPECT_EQ(who->id, admin.id);
  EXPECT_EQ(who->environment, "staging");
  EXPECT_TRUE(HasScope(*who, Scope::kRead));
  auto list = keys_->List();
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ(meta_->schema_version(), static_cast<int>(meta::DefaultMigrations().size()));
}

TEST_F(KeyStoreTest, WrongOrMalformedKeysAreUnauthenticated) {
  auto [info, key] = MustCreate(kRead);
  ASSERT_TRUE(keys_->Authenticate(key).ok());
  std::string tampered = key;
  tampered.back() = tampered.back() == 'a' ? 'b' : 'a';
  std::string other_id = key;
  other_id[5] = other_id[5] == 'a' ? 'b' : 'a';
  for (const std::string& bad :
       {tampered, other_id, key.substr(0, key.size() - 1), key + "x", std::string(),
        std::string("Bearer ") + key, FormatKey(info.id, std::string(kKeySecretLength, '0'))}) {
    EXPECT_EQ(keys_->Authenticate(bad).status().code(), absl::StatusCode::kUnauthenticated) << bad;
  }
  EXPECT_TRUE(keys_->Authenticate(key).ok());
}

TEST_F(KeyStoreTest, SecretsNeverReachTheDatabaseFiles) {
  std::vector<std::string> keys;
  for (int i = 0; i < 5; ++i) keys.push_back(MustCreate(kIngest | kRead).second);
  for (const std::string& key : keys) ASSERT_TRUE(keys_->Authenticate(key).ok());
  auto check = [&] {
    const std::string bytes = AllDatabaseBytes();
    ASSERT_FALSE(bytes.empty());
    for (const std::string& key : keys) {
      ParsedKey parsed = *ParseKey(key);
      // The search works: the id and the hash are there...
      EXPECT_NE(bytes.find(parsed.id), std::string::npos);
      EXPECT_NE(bytes.find(Sha256(parsed.secret)), std::string::npos);
      // ...but the secret is not, in whole or in half.
      EXPECT_EQ(bytes.find(parsed.secret), std::string::npos);
      EXPECT_EQ(bytes.find(parsed.secret.substr(0, 16)), std::string::npos);
      EXPECT_EQ(bytes.find(parsed.secret.substr(16)), std::string::npos);
    }
  };
  check();  // while open (rows in the WAL)
  keys_.reset();
  meta_.reset();  // closing checkpoints the WAL into the main file
  check();
}

TEST_F(KeyStoreTest, CreateAndRevokeAreAudited) {
  auto [info, key] = MustCreate(kIngest | kAdmin, "production", "ci");
  ASSERT_TRUE(keys_->Revoke(info.id, "admin-key-1").ok());
  EXPECT_EQ(keys_->Revoke("nosuchkey0", "admin-key-1").code(), absl::StatusCode::kNotFound);
  auto audit = meta_->RecentAudit(10);
  ASSERT_TRUE(audit.ok());
  ASSERT_EQ(audit->size(), 2u);  // the failed revoke wrote nothing
  EXPECT_EQ((*audit)[0].action, "key.revoke");
  EXPECT_EQ((*audit)[0].actor, "admin-key-1");
  EXPECT_EQ((*audit)[0].detail, "{\"id\":\"" + info.id + "\"}");
  EXPECT_EQ((*audit)[1].action, "key.create");
  EXPECT_EQ((*audit)[1].actor, "tester");
  EXPECT_EQ((*audit)[1].detail, "{\"id\":\"" + info.id +
                                    "\",\"name\":\"ci\",\"environment\":\"production\","
                                    "\"scopes\":[\"ingest\",\"admin\"]}");
}

TEST_F(KeyStoreTest, InvalidArgumentsCreateNothing) {
  EXPECT_EQ(keys_->Create(0, "prod", "").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(keys_->Create(8, "prod", "").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(keys_->Create(kRead, "", "").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(keys_->Create(kRead, "pro d", "").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(keys_->Create(kRead, "prod", "a\nb").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(keys_->List()->empty());
  EXPECT_TRUE(meta_->RecentAudit(10)->empty());
}

TEST_F(KeyStoreTest, ChangesByAnotherProcessAreSeenAfterRecheck) {
  auto other_meta = OpenMeta();  // e.g. `waggle keys` working on the same data dir
  ASSERT_NE(other_meta, nullptr);
  KeyStore other(*other_meta);
  EXPECT_FALSE(keys_->HasKeys());  // loads the (empty) cache

  auto created = other.Create(kIngest, "production", "from-cli");
  ASSERT_TRUE(created.ok());
  clock_.Advance(KeyStore::kRecheckIntervalNs);
  ASSERT_TRUE(keys_->Authenticate(created->second).ok());

  ASSERT_TRUE(other.Revoke(created->first.id).ok());
  clock_.Advance(KeyStore::kRecheckIntervalNs);
  EXPECT_EQ(keys_->Authenticate(created->second).status().code(),
            absl::StatusCode::kUnauthenticated);
}

TEST_F(KeyStoreTest, FindByIdSeesEveryCommitAtOnce) {
  EXPECT_EQ(keys_->Find("nosuchkey0").status().code(), absl::StatusCode::kNotFound);
  auto [mine, mine_key] = MustCreate(kRead, "staging", "mine");
  auto found = keys_->Find(mine.id);
  ASSERT_TRUE(found.ok()) << found.status();
  EXPECT_EQ(found->id, mine.id);
  EXPECT_EQ(found->environment, "staging");
  EXPECT_EQ(found->scopes, kRead);
  EXPECT_FALSE(found->revoked);
  EXPECT_FALSE(found->last_used_unix_ns.has_value());  // a lookup is not a use

  // Another process's create and revoke are seen without waiting for the
  // recheck interval (the clock does not move here).
  auto other_meta = OpenMeta();
  ASSERT_NE(other_meta, nullptr);
  KeyStore other(*other_meta);
  auto created = other.Create(kIngest, "production", "from-cli");
  ASSERT_TRUE(created.ok());
  ASSERT_TRUE(keys_->Find(created->first.id).ok());
  ASSERT_TRUE(other.Revoke(created->first.id).ok());
  found = keys_->Find(created->first.id);
  ASSERT_TRUE(found.ok()) << found.status();
  EXPECT_TRUE(found->revoked);
  ASSERT_TRUE(keys_->Revoke(mine.id).ok());
  EXPECT_TRUE(keys_->Find(mine.id)->revoked);
}

TEST_F(KeyStoreTest, LastUsedIsWrittenBackAtMostOncePerInterval) {
  auto [info, key] = MustCreate(kIngest);
  const int64_t first_use = clock_.NowNanos();
  ASSERT_TRUE(keys_->Authenticate(key).ok());  // first use is written at once
  clock_.Advance(kSecond);
  ASSERT_TRUE(keys_->Authenticate(key).ok());  // too soon to write again
  Reopen();
  EXPECT_EQ((*keys_->List())[0].last_used_unix_ns, first_use);

  clock_.Advance(KeyStore::kLastUsedWriteIntervalNs);
  ASSERT_TRUE(keys_->Authenticate(key).ok());
  const int64_t later_use = clock_.NowNanos();
  Reopen();
  EXPECT_EQ((*keys_->List())[0].last_used_unix_ns, later_use);
}

TEST_F(KeyStoreTest, ConcurrentAuthenticateFromEightThreads) {
  auto [a, key_a] = MustCreate(kIngest);
  auto [b, key_b] = MustCreate(kRead, "staging");
  auto [c, key_c] = MustCreate(kAdmin);
  ASSERT_TRUE(keys_->Revoke(c.id).ok());
  std::string wrong = key_a;
  wrong.back() = wrong.back() == 'a' ? 'b' : 'a';

  constexpr int kThreads = 8;
  constexpr int kRounds = 300;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kRounds; ++i) {
        if (t % 4 == 0 && i % 50 == 0) clock_.Advance(KeyStore::kRecheckIntervalNs);
        auto ra = keys_->Authenticate(key_a);
        auto rb = keys_->Authenticate(key_b);
        bool ok = ra.ok() && ra->id == a.id && rb.ok() && rb->environment == "staging" &&
                  absl::IsUnauthenticated(keys_->Authenticate(key_c).status()) &&
                  absl::IsUnauthenticated(keys_->Authenticate(wrong).status());
        if (!ok) failures.fetch_add(1);
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  auto list = keys_->List();
  ASSERT_TRUE(list.ok());
  // Keys made at the same instant have no defined order: find key a by id.
  auto used =
      std::find_if(list->begin(), list->end(), [&](const KeyInfo& k) { return k.id == a.id; });
  ASSERT_NE(used, list->end());
  EXPECT_TRUE(used->last_used_unix_ns.has_value());
}

}  // namespace
}  // namespace waggle::auth
