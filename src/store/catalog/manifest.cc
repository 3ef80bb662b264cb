#include "store/catalog/manifest.h"

#include <fmt/format.h>

#include "core/file.h"
#include "core/hash.h"
#include "core/strings.h"
#include "model/datasets.h"

namespace waggle::store {
namespace {

constexpr std::string_view kMagicLine = "waggle-manifest 1";

absl::Status Damaged(std::string_view why) {
  return absl::DataLossError(fmt::format("MANIFEST is damaged: {}", why));
}

absl::StatusOr<SegmentEntry> ParseSegment(const std::vector<std::string_view>& f) {
  SegmentEntry e;
  if (f.size() != 9) return Damaged("segment line needs 8 fields");
  if (!core::ParseNumber(f[1], &e.id) || !core::ParseNumber(f[5], &e.rows) ||
      !core::ParseNumber(f[6], &e.min_time_ns) || !core::ParseNumber(f[7], &e.max_time_ns) ||
      !core::ParseNumber(f[8], &e.bytes)) {
    return Damaged("bad number in segment line");
  }
  e.table.environment = std::string(f[2]);
  if (f[3] != "spans" && f[3] != "logs") return Damaged("bad table kind");
  e.table.kind = f[3] == "spans" ? TableKind::kSpans : TableKind::kLogs;
  e.table.dataset = std::string(f[4]);
  if (!model::IsValidDatasetName(e.table.dataset) ||
      !model::IsValidDatasetName(e.table.environment)) {
    return Damaged("bad dataset name");
  }
  return e;
}

}  // namespace

std::string Manifest::Encode() const {
  std::string body = fmt::format("{}\nwal_flushed_upto {}\nnext_segment_id {}\n", kMagicLine,
                                 wal_flushed_upto, next_segment_id);
  for (const SegmentEntry& e : segments) {
    // Dataset names may hold spaces, so the fields are tab-separated.
    body += fmt::format("segment\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\n", e.id, e.table.environment,
                        TableKindName(e.table.kind), e.table.dataset, e.rows, e.min_time_ns,
                        e.max_time_ns, e.bytes);
  }
  return body + fmt::format("checksum {:08x}\n", core::Checksum32(body));
}

absl::StatusOr<Manifest> Manifest::Decode(std::string_view text) {
  size_t cut = text.rfind("checksum ");
  if (cut == std::string_view::npos) return Damaged("no checksum line");
  if (text.substr(cut) != fmt::format("checksum {:08x}\n", core::Checksum32(text.substr(0, cut)))) {
    return Damaged("checksum mismatch");
  }
  Manifest m;
  std::vector<std::string_view> lines = core::Split(text.substr(0, cut), '\n', true);
  if (lines.empty() || lines[0] != kMagicLine) return Damaged("unknown header");
  for (size_t i = 1; i < lines.size(); ++i) {
    std::string_view line = lines[i];
    if (line.starts_with("segment\t")) {
      ASSIGN_OR_RETURN(SegmentEntry e, ParseSegment(core::Split(line, '\t')));
      m.segments.push_back(std::move(e));
    } else if (line.starts_with("wal_flushed_upto ")) {
      if (!core::ParseNumber(line.substr(17), &m.wal_flushed_upto)) return Damaged("bad wal line");
    } else if (line.starts_with("next_segment_id ")) {
      if (!core::ParseNumber(line.substr(16), &m.next_segment_id)) return Damaged("bad id line");
    } else {
      return Damaged(fmt::format("unknown line '{}'", line.substr(0, 40)));
    }
  }
  return m;
}

absl::StatusOr<Manifest> LoadManifest(const std::string& dir) {
  std::string path = dir + "/MANIFEST";
  if (!core::PathExists(path)) return Manifest{};
  ASSIGN_OR_RETURN(std::string text, core::ReadFile(path));
  return Manifest::Decode(text);
}

absl::Status SaveManifest(const std::string& dir, const Manifest& manifest) {
  return core::WriteFileAtomic(dir + "/MANIFEST", manifest.Encode());
}

std::string DirectoryNameFor(std::string_view name) {
  constexpr size_t kMaxEscaped = 200;
  std::string out;
  out.reserve(name.size());
  for (size_t i = 0; i < name.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(name[i]);
    bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                 c == '_' || c == '-' || (c == '.' && i > 0);
    if (plain) {
      out.push_back(static_cast<char>(c));
    } else {
      fmt::format_to(std::back_inserter(out), "%{:02X}", c);
    }
  }
  if (out.size() <= kMaxEscaped) return out;
  out.resize(kMaxEscaped - 17);
  // Do not leave half an escape at the cut.
  size_t percent = out.rfind('%');
  if (percent != std::string::npos && percent + 3 > out.size()) out.resize(percent);
  return fmt::format("{}~{:016x}", out, core::Hash64(name));
}

std::string SegmentPath(const std::string& dir, const SegmentEntry& entry) {
  return fmt::format("{}/datasets/{}/{}/{}-{:012}.seg", dir,
                     DirectoryNameFor(entry.table.environment),
                     DirectoryNameFor(entry.table.dataset), TableKindName(entry.table.kind),
                     entry.id);
}

}  // namespace waggle::store
