// Golden query tests: loads a deterministic synthetic Cruddur dataset into a
// temporary store (part in segments, part in the head), runs every spec in
// this folder — *.json in the JSON form, *.text in the CLI text form (one
// argument per line: calculations, then `--where ...` style flags) — and
// compares the rendered result data with NAME.expected.json.
// WAGGLE_REGENERATE=1 rewrites the expected files instead.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <algorithm>
#include <filesystem>

#include "core/clock.h"
#include "core/file.h"
#include "core/strings.h"
#include "ingest/otlp/decode.h"
#include "query/exec/executor.h"
#include "query/spec/spec_json.h"
#include "query/spec/text_form.h"
#include "store/catalog/store.h"
#include "synth/generator.h"

namespace waggle {
namespace {

namespace fs = std::filesystem;
constexpr int64_t kStartNs = 1767225600000000000;  // 2026-01-01T00:00:00Z
constexpr int64_t kSpans = 20000;

absl::Status NoReplay(uint8_t, std::string_view, model::EventBatch*) { return absl::OkStatus(); }

class GoldenTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    char tmpl[] = "/tmp/waggle_golden_XXXXXX";
    dir_ = new std::string(mkdtemp(tmpl));
    store::StoreOptions o;
    o.data_dir = *dir_;
    o.head_flush_age_ns = INT64_MAX / 2;
    store_ = store::Store::Open(o, NoReplay, core::SystemClock::Get())->release();
    synth::Generator gen({.seed = 7, .start_ns = kStartNs, .spans_per_second = 10});
    std::string body;
    model::EventBatch batch;
    int64_t done = 0;
    while (done < kSpans) {
      gen.NextTracesRequest(256, &body);
      batch.Clear();
      ASSERT_TRUE(ingest::otlp::DecodeTracesProto(body, &batch).ok());
      ASSERT_TRUE(store_->BulkAppend("default", batch).ok());
      done += static_cast<int64_t>(batch.spans.size());
      if (done >= kSpans / 2 && done - static_cast<int64_t>(batch.spans.size()) < kSpans / 2) {
        ASSERT_TRUE(store_->Flush().ok());
      }
    }
  }
  static void TearDownTestSuite() {
    (void)store_->Close();
    delete store_;
    fs::remove_all(*dir_);
    delete dir_;
  }
  static std::string* dir_;
  static store::Store* store_;
};

std::string* GoldenTest::dir_ = nullptr;
store::Store* GoldenTest::store_ = nullptr;

// The text form: one token per line; flags take the next line as value.
absl::StatusOr<query::QuerySpec> ParseTextFile(const std::string& content) {
  query::TextQuery t;
  std::vector<std::string_view> lines = core::Split(content, '\n', true);
  for (size_t i = 0; i < lines.size(); ++i) {
    std::string_view l = lines[i];
    std::string next = i + 1 < lines.size() ? std::string(lines[i + 1]) : "";
    if (l == "--where")
      t.where.push_back(next);
    else if (l == "--by")
      t.by.push_back(next);
    else if (l == "--order")
      t.order.push_back(next);
    else if (l == "--having")
      t.having.push_back(next);
    else if (l == "--last")
      t.last = next;
    else if (l == "--limit")
      core::ParseNumber(next, &t.limit);
    else if (l == "--any") {
      t.any = true;
      continue;
    } else {
      t.calculations.emplace_back(l);
      continue;
    }
    ++i;
  }
  return query::ParseTextQuery(t);
}

// Pretty-prints one JSON line: a newline after each series point and
// result row, so diffs stay readable.
std::string Pretty(std::string json) {
  std::string out;
  for (size_t i = 0; i < json.size(); ++i) {
    if (json.compare(i, 9, "{\"time\":\"") == 0 || json.compare(i, 8, "{\"data\":") == 0) {
      out += "\n  ";
    }
    out.push_back(json[i]);
  }
  return out + "\n";
}

TEST_F(GoldenTest, EverySpecMatchesItsExpectedResult) {
  bool regenerate = getenv("WAGGLE_REGENERATE") != nullptr;
  std::vector<fs::path> specs;
  for (const auto& e : fs::directory_iterator(WAGGLE_QUERIES_DIR)) {
    std::string name = e.path().filename().string();
    if (name.ends_with(".expected.json")) continue;
    if (name.ends_with(".json") || name.ends_with(".text")) specs.push_back(e.path());
  }
  std::sort(specs.begin(), specs.end());
  ASSERT_GE(specs.size(), 8u);
  core::ThreadPool pool(2);
  for (const fs::path& p : specs) {
    SCOPED_TRACE(p.filename().string());
    absl::StatusOr<std::string> content = core::ReadFile(p.string());
    ASSERT_TRUE(content.ok());
    absl::StatusOr<query::QuerySpec> spec =
        p.extension() == ".json" ? query::ParseQuerySpec(*content) : ParseTextFile(*content);
    ASSERT_TRUE(spec.ok()) << spec.status();
    query::exec::ExecOptions o;
    o.now_ns = kStartNs + 2 * 3600 * int64_t{1'000'000'000};
    o.pool = &pool;
    absl::StatusOr<query::exec::QueryResult> r =
        query::exec::ExecuteQuery(*spec, store_->Snapshot(), o);
    ASSERT_TRUE(r.ok()) << r.status();
    core::JsonWriter w;
    query::exec::WriteResultData(*r, {}, &w);
    std::string got = Pretty(w.Release());
    std::string expected_path = p.parent_path() / (p.stem().string() + ".expected.json");
    if (regenerate) {
      ASSERT_TRUE(core::WriteFileAtomic(expected_path, got).ok());
      continue;
    }
    absl::StatusOr<std::string> expected = core::ReadFile(expected_path);
    ASSERT_TRUE(expected.ok()) << "missing " << expected_path << " (run with WAGGLE_REGENERATE=1)";
    EXPECT_EQ(got, *expected);
  }
}

}  // namespace
}  // namespace waggle
