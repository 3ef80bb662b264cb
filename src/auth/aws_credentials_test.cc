#include "auth/aws_credentials.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <string>

#include "core/file.h"

namespace waggle::auth {
namespace {

class AwsCredentialsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("waggle_aws_cred_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::filesystem::path dir_;
};

TEST_F(AwsCredentialsTest, CreatesPrivateSecretOnceThenReadsIt) {
  auto first = LoadOrCreateAwsMasterSecret(dir_.string());
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->size(), kAwsMasterSecretBytes);
  struct stat st = {};
  ASSERT_EQ(::stat((dir_ / "aws_master.key").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  auto second = LoadOrCreateAwsMasterSecret(dir_.string());
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_EQ(*first, *second);
  // No temporary file is left behind.
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir_),
                          std::filesystem::directory_iterator()),
            1);
}

TEST_F(AwsCredentialsTest, RejectsTruncatedSecret) {
  ASSERT_TRUE(core::WriteFileAtomic((dir_ / "aws_master.key").string(), "short").ok());
  auto loaded = LoadOrCreateAwsMasterSecret(dir_.string());
  EXPECT_EQ(loaded.status().code(), absl::StatusCode::kDataLoss);
}

TEST_F(AwsCredentialsTest, FailsInMissingDirectory) {
  EXPECT_FALSE(LoadOrCreateAwsMasterSecret((dir_ / "nope").string()).ok());
}

TEST(DeriveAwsSecretAccessKeyTest, DeterministicAlphanumericAndKeyed) {
  const std::string master(32, '\x07');
  std::string a = DeriveAwsSecretAccessKey(master, "a1B2c3D4e5");
  EXPECT_EQ(a.size(), kAwsSecretAccessKeyLength);
  for (char c : a) EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(c))) << a;
  EXPECT_EQ(a, DeriveAwsSecretAccessKey(master, "a1B2c3D4e5"));
  EXPECT_NE(a, DeriveAwsSecretAccessKey(master, "a1B2c3D4e6"));
  EXPECT_NE(a, DeriveAwsSecretAccessKey(std::string(32, '\x08'), "a1B2c3D4e5"));
}

}  // namespace
}  // namespace waggle::auth
