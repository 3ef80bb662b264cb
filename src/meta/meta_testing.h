// File: meta/meta_testing.h
//
// Test support for the meta tables (include only from *_test.cc): a gtest
// fixture that opens a fresh MetaStore, with every default migration
// applied, in its own temporary directory and a manual clock, and removes
// the directory afterwards.
//
//   class KeysTableTest : public MetaTableTest {};
//   TEST_F(KeysTableTest, Insert) { ASSERT_TRUE(Run(...).ok()); }
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include "core/clock.h"
#include "core/status.h"
#include "meta/meta_store.h"

namespace waggle::meta {

class MetaTableTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (std::filesystem::temp_directory_path() / "meta_table_XXXXXX").string();
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
    auto store = MetaStore::Open(dir_ + "/meta.sqlite", {.clock = &clock_});
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = std::move(*store);
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  // Runs `fn` with the store's connection, outside any transaction.
  absl::Status Run(const std::function<absl::Status(Connection&)>& fn) { return store_->Run(fn); }

  core::ManualClock clock_{1000};
  std::string dir_;
  std::unique_ptr<MetaStore> store_;
};

}  // namespace waggle::meta
