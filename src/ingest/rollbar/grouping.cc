#include "ingest/rollbar/grouping.h"

#include <openssl/evp.h>
#include <re2/re2.h>

#include <cctype>

#include "core/strings.h"

namespace waggle::ingest::rollbar {
namespace {

bool IsHex(char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsWordChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_'; }

// Placeholder for a word of [A-Za-z0-9_] that looks like data, or "".
std::string_view DataWordPlaceholder(std::string_view word) {
  bool all_digits = true, all_hex = true, has_digit = false;
  for (char c : word) {
    all_digits &= IsDigit(c);
    all_hex &= IsHex(c);
    has_digit |= IsDigit(c);
  }
  if (all_digits && word.size() >= 2) return "{num}";
  if (all_hex && has_digit && word.size() >= 4) return "{hex}";
  if (word.size() > 2 && word[0] == '0' && (word[1] == 'x' || word[1] == 'X')) {
    bool hex_tail = true;
    for (char c : word.substr(2)) hex_tail &= IsHex(c);
    if (hex_tail) return "{hex}";
  }
  return {};
}

// Replaces data-like words (see DataWordPlaceholder) in `text`.
std::string ReplaceDataWords(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    if (!IsWordChar(text[i])) {
      out.push_back(text[i++]);
      continue;
    }
    size_t j = i;
    while (j < text.size() && IsWordChar(text[j])) ++j;
    std::string_view word = text.substr(i, j - i);
    std::string_view placeholder = DataWordPlaceholder(word);
    out.append(placeholder.empty() ? word : placeholder);
    i = j;
  }
  return out;
}

struct MessagePatterns {
  RE2 uuid{R"([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})"};
  RE2 email{R"([A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,})"};
  RE2 timestamp{
      R"(\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+\-]\d{2}:?\d{2})?)?)"};
  RE2 clock{R"(\b\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\b)"};
  RE2 double_quoted{R"("[^"\n]{0,512}")"};
  RE2 single_quoted{R"((^|[^A-Za-z0-9])'[^'\n]{0,512}')"};
  RE2 decimal{R"(\d+\.\d+)"};
};

const MessagePatterns& Patterns() {
  static const MessagePatterns* const patterns = new MessagePatterns();
  return *patterns;
}

// A path component that looks like a date or a commit SHA (build dirs).
bool IsVolatilePathComponent(std::string_view part) {
  if (part.size() >= 7) {
    bool hex = true, digit = false;
    for (char c : part) {
      hex &= IsHex(c);
      digit |= IsDigit(c);
    }
    if (hex && digit) return true;
  }
  static const RE2 date(R"(\d{4}-?\d{2}-?\d{2}.*)");
  return RE2::FullMatch(part, date);
}

std::string NormalizeFilename(std::string_view filename, std::string_view root) {
  std::string_view rest = filename;
  std::string out;
  if (!root.empty() && rest.starts_with(root)) {
    rest.remove_prefix(root.size());
    out = "{root}";
  }
  for (std::string_view part : core::Split(rest, '/')) {
    if (IsVolatilePathComponent(part)) continue;
    out.append(part).push_back('/');
  }
  return out;
}

std::string NormalizeMethod(std::string_view method) {
  std::string out;
  size_t i = 0;
  while (i < method.size()) {
    size_t j = i;
    while (j < method.size() && IsDigit(method[j])) ++j;
    if (j - i >= 2) {
      i = j;  // integers of 2+ digits are dropped
    } else if (j > i) {
      out.append(method.substr(i, j - i));
      i = j;
    } else {
      out.push_back(method[i++]);
    }
  }
  return out;
}

std::string TraceFingerprintInput(const Trace& trace, std::string_view root) {
  std::string in = "trace\n";
  for (const Frame& f : trace.frames) {
    in.append(NormalizeFilename(f.filename, root)).push_back('\t');
    in.append(NormalizeMethod(f.method)).push_back('\n');
  }
  in.append(trace.exception_class);
  return in;
}

std::string CrashFingerprintInput(std::string_view raw) {
  // Symbols of the "Thread N Crashed:" block: the 4th column onwards of each frame line.
  size_t crashed = raw.find(" Crashed:");
  std::string in = "crash\n";
  if (crashed != std::string_view::npos) {
    size_t start = raw.find('\n', crashed);
    size_t end = raw.find("\n\n", start == std::string_view::npos ? raw.size() : start);
    if (start != std::string_view::npos) {
      std::string_view block =
          raw.substr(start, end == std::string_view::npos ? raw.npos : end - start);
      static const RE2 address(R"(0x[0-9a-fA-F]+|\+ \d+)");
      std::string symbols(block);
      RE2::GlobalReplace(&symbols, address, "");
      return in + symbols;
    }
  }
  std::string text(raw);
  static const RE2 address(R"(0x[0-9a-fA-F]+)");
  RE2::GlobalReplace(&text, address, "{addr}");
  return in + text;
}

}  // namespace

std::string Sha1Hex(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_Digest(data.data(), data.size(), digest, &size, EVP_sha1(), nullptr);
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (unsigned char b : std::string_view(reinterpret_cast<char*>(digest), size)) {
    out.push_back(kDigits[b >> 4]);
    out.push_back(kDigits[b & 0xF]);
  }
  return out;
}

std::string TruncateUtf8(std::string_view s, size_t max) {
  if (s.size() <= max) return std::string(s);
  size_t end = max;
  // Back up over continuation bytes so no sequence is split.
  while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
  return std::string(s.substr(0, end));
}

std::string NormalizeMessage(std::string_view message) {
  const MessagePatterns& p = Patterns();
  std::string text(message);
  RE2::GlobalReplace(&text, p.uuid, "{uuid}");
  RE2::GlobalReplace(&text, p.email, "{email}");
  RE2::GlobalReplace(&text, p.timestamp, "{ts}");
  RE2::GlobalReplace(&text, p.clock, "{ts}");
  RE2::GlobalReplace(&text, p.double_quoted, "\"{str}\"");
  RE2::GlobalReplace(&text, p.single_quoted, "\\1'{str}'");
  RE2::GlobalReplace(&text, p.decimal, "{num}");
  return ReplaceDataWords(text);
}

std::string Fingerprint(const Occurrence& occ) {
  if (!occ.fingerprint.empty()) {
    return occ.fingerprint.size() > 40 ? Sha1Hex(occ.fingerprint) : occ.fingerprint;
  }
  switch (occ.kind) {
    case BodyKind::kTrace:
    case BodyKind::kTraceChain:
      return Sha1Hex(TraceFingerprintInput(occ.traces.front(), occ.server_root));
    case BodyKind::kMessage:
      return Sha1Hex("message\n" + NormalizeMessage(occ.message));
    case BodyKind::kCrashReport:
      return Sha1Hex(CrashFingerprintInput(occ.crash_raw));
  }
  return Sha1Hex("");
}

std::string ItemTitle(const Occurrence& occ) {
  std::string title;
  if (!occ.title.empty()) {
    title = occ.title;
  } else if (occ.kind == BodyKind::kTrace || occ.kind == BodyKind::kTraceChain) {
    const Trace& t = occ.traces.front();
    title = t.exception_message.empty() ? t.exception_class
                                        : t.exception_class + ": " + t.exception_message;
  } else if (occ.kind == BodyKind::kMessage) {
    title = occ.message;
  } else {
    std::string_view raw = occ.crash_raw;
    title = std::string(raw.substr(0, raw.find('\n')));
  }
  if (title.empty()) title = occ.kind == BodyKind::kCrashReport ? "crash report" : "(no title)";
  return TruncateUtf8(title, kMaxTitleLength);
}

}  // namespace waggle::ingest::rollbar
