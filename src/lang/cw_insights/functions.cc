#include "lang/cw_insights/functions.h"

#include <cmath>

#include "core/strings.h"
#include "core/trim.h"

namespace waggle::lang::cw_insights {
namespace {

constexpr FunctionInfo kFunctions[] = {
    {"bin", Fn::kBin, 1, 1, 0},
    {"ispresent", Fn::kIsPresent, 1, 1},
    {"isempty", Fn::kIsEmpty, 1, 1},
    {"isblank", Fn::kIsBlank, 1, 1},
    {"coalesce", Fn::kCoalesce, 1, -1},
    {"concat", Fn::kConcat, 1, -1},
    {"strlen", Fn::kStrlen, 1, 1},
    {"toupper", Fn::kToUpper, 1, 1},
    {"tolower", Fn::kToLower, 1, 1},
    {"substr", Fn::kSubstr, 2, 3},
    {"replace", Fn::kReplace, 3, 3},
    {"strcontains", Fn::kStrContains, 2, 2},
    {"trim", Fn::kTrim, 1, 2},
    {"ltrim", Fn::kLtrim, 1, 2},
    {"rtrim", Fn::kRtrim, 1, 2},
    {"abs", Fn::kAbs, 1, 1},
    {"ceil", Fn::kCeil, 1, 1},
    {"floor", Fn::kFloor, 1, 1},
    {"greatest", Fn::kGreatest, 1, -1},
    {"least", Fn::kLeast, 1, -1},
    {"log", Fn::kLog, 1, 1},
    {"sqrt", Fn::kSqrt, 1, 1},
    {"frommillis", Fn::kFromMillis, 1, 1},
    {"tomillis", Fn::kToMillis, 1, 1},
    {"datefloor", Fn::kDateFloor, 2, 2, 1},
    {"dateceil", Fn::kDateCeil, 2, 2, 1},
};

bool IsContinuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

size_t CodePoints(std::string_view s) {
  size_t n = 0;
  for (char c : s) n += IsContinuation(c) ? 0 : 1;
  return n;
}

// The byte offset of code point `index` in `s` (s.size() past the end).
size_t ByteOffset(std::string_view s, size_t index) {
  size_t i = 0;
  for (size_t seen = 0; i < s.size(); ++i) {
    if (IsContinuation(s[i])) continue;
    if (seen++ == index) return i;
  }
  return s.size();
}

Value Substr(const std::string& s, double start, std::optional<double> length) {
  size_t from = start <= 0 ? 0 : static_cast<size_t>(std::min(start, 1e15));
  size_t begin = ByteOffset(s, from);
  size_t end = s.size();
  if (length) {
    size_t n = *length <= 0 ? 0 : static_cast<size_t>(std::min(*length, 1e15));
    end = ByteOffset(s, from + n);
  }
  return Value::String(s.substr(begin, end - begin));
}

Value Replace(const std::string& s, const std::string& from, const std::string& to) {
  if (from.empty()) return Value::String(s);
  std::string out;
  size_t at = 0;
  for (size_t hit; (hit = s.find(from, at)) != std::string::npos && out.size() < kMaxValueBytes;
       at = hit + from.size()) {
    out.append(s, at, hit - at).append(to);
  }
  if (at < s.size()) out.append(s, at);
  return Value::String(std::move(out));
}

// `s` without leading (`left`) and trailing (`right`) characters in `chars`
// (ASCII whitespace when `chars` is null).
Value Trim(std::string_view s, const std::optional<std::string>& chars, bool left, bool right) {
  auto strip = [&](char c) {
    return chars ? chars->find(c) != std::string::npos : core::IsAsciiSpace(c);
  };
  while (left && !s.empty() && strip(s.front())) s.remove_prefix(1);
  while (right && !s.empty() && strip(s.back())) s.remove_suffix(1);
  return Value::String(std::string(s));
}

Value Ascii(std::string s, bool upper) {
  for (char& c : s) {
    if (upper && c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (!upper && c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return Value::String(std::move(s));
}

// Functions of one number.
Value Numeric(Fn fn, double x) {
  switch (fn) {
    case Fn::kAbs:
      return Value::Number(std::fabs(x));
    case Fn::kCeil:
      return Value::Number(std::ceil(x));
    case Fn::kFloor:
      return Value::Number(std::floor(x));
    case Fn::kLog:
      return x > 0 ? Value::Number(std::log(x)) : Value();
    case Fn::kSqrt:
      return x >= 0 ? Value::Number(std::sqrt(x)) : Value();
    case Fn::kFromMillis:
      return std::fabs(x) < 1e15 ? Value::Time(static_cast<int64_t>(x)) : Value();
    case Fn::kToMillis:
      return Value::Number(x);
    default:
      return Value();
  }
}

// Rounds timestamp `t` down (or up) to a multiple of `period` ms.
Value RoundTime(std::optional<double> t, std::optional<double> period, bool up) {
  if (!t || !period || *period <= 0 || std::fabs(*t) >= 1e15) return Value();
  int64_t ms = static_cast<int64_t>(*t), p = static_cast<int64_t>(*period);
  int64_t floor = ms - ((ms % p) + p) % p;
  return Value::Time(up && floor != ms ? floor + p : floor);
}

Value Extreme(const std::vector<Value>& args, bool greatest) {
  std::optional<double> best;
  for (const Value& v : args) {
    std::optional<double> x = v.AsNumber();
    if (x && (!best || (greatest ? *x > *best : *x < *best))) best = x;
  }
  return best ? Value::Number(*best) : Value();
}

// Functions that take nulls: presence tests and the joins.
std::optional<Value> NullAware(Fn fn, const std::vector<Value>& args) {
  switch (fn) {
    case Fn::kIsPresent:
      return Value::Bool(args[0].present());
    case Fn::kIsEmpty:
      return Value::Bool(args[0].Text().empty());
    case Fn::kIsBlank:
      return Value::Bool(core::TrimWhitespace(args[0].Text()).empty());
    case Fn::kCoalesce:
      for (const Value& v : args) {
        if (v.present()) return v;
      }
      return Value();
    case Fn::kConcat: {
      std::string out;
      for (const Value& v : args) out += v.Text();
      return Value::String(std::move(out));
    }
    case Fn::kGreatest:
    case Fn::kLeast:
      return Extreme(args, fn == Fn::kGreatest);
    default:
      return std::nullopt;
  }
}

}  // namespace

const FunctionInfo* FindFunction(std::string_view name) {
  std::string lower = core::AsciiLower(name);
  for (const FunctionInfo& f : kFunctions) {
    if (f.name == lower) return &f;
  }
  return nullptr;
}

Value CallFunction(Fn fn, const std::vector<Value>& args) {
  if (std::optional<Value> v = NullAware(fn, args)) return *std::move(v);
  for (const Value& v : args) {
    if (!v.present()) return Value();
  }
  std::optional<double> x = args[0].AsNumber();
  auto number_at = [&](size_t i) { return i < args.size() ? args[i].AsNumber() : std::nullopt; };
  switch (fn) {
    case Fn::kBin:
    case Fn::kDateFloor:
    case Fn::kDateCeil:
      return RoundTime(x, number_at(1), fn == Fn::kDateCeil);
    case Fn::kStrlen:
      return Value::Number(static_cast<double>(CodePoints(args[0].Text())));
    case Fn::kToUpper:
    case Fn::kToLower:
      return Ascii(args[0].Text(), fn == Fn::kToUpper);
    case Fn::kSubstr: {
      std::optional<double> start = number_at(1);
      if (!start || (args.size() > 2 && !number_at(2))) return Value();
      return Substr(args[0].Text(), *start, number_at(2));
    }
    case Fn::kReplace:
      return Replace(args[0].Text(), args[1].Text(), args[2].Text());
    case Fn::kStrContains:
      return Value::Bool(args[0].Text().find(args[1].Text()) != std::string::npos);
    case Fn::kTrim:
    case Fn::kLtrim:
    case Fn::kRtrim: {
      std::optional<std::string> chars;
      if (args.size() > 1) chars = args[1].Text();
      return Trim(args[0].Text(), chars, fn != Fn::kRtrim, fn != Fn::kLtrim);
    }
    default:
      return x ? Numeric(fn, *x) : Value();
  }
}

}  // namespace waggle::lang::cw_insights
