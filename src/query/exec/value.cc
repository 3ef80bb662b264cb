#include "query/exec/value.h"

#include <cstring>

#include "core/hash.h"
#include "core/strings.h"

namespace waggle::query::exec {
namespace {

template <typename T>
int Cmp(T a, T b) {
  return a < b ? -1 : (b < a ? 1 : 0);
}

bool ParseBool(std::string_view s, bool* out) {
  if (s == "true") {
    *out = true;
    return true;
  }
  if (s == "false") {
    *out = false;
    return true;
  }
  return false;
}

std::optional<int> CompareBool(bool b, const Literal& lit) {
  bool other = false;
  switch (lit.type) {
    case Literal::Type::kBool:
      other = lit.b;
      break;
    case Literal::Type::kInt:
    case Literal::Type::kDouble:
      if (lit.d != 0 && lit.d != 1) return std::nullopt;
      other = lit.d == 1;
      break;
    case Literal::Type::kString:
      if (!ParseBool(lit.s, &other)) return std::nullopt;
      break;
    case Literal::Type::kNull:
      return std::nullopt;
  }
  return Cmp<int>(b, other);
}

std::optional<int> CompareNumber(double x, const Literal& lit) {
  double other = 0;
  if (lit.is_number()) {
    other = lit.d;
  } else if (lit.type == Literal::Type::kString) {
    if (!core::ParseNumber(lit.s, &other)) return std::nullopt;
  } else if (lit.type == Literal::Type::kBool) {
    other = lit.b ? 1 : 0;
  } else {
    return std::nullopt;
  }
  return Cmp(x, other);
}

}  // namespace

OwnedValue OwnedValue::From(const Value& v) {
  OwnedValue o;
  o.type = v.type;
  o.i = v.i;
  o.d = v.d;
  o.s = std::string(v.s);
  return o;
}

bool ToNumber(const Value& v, double* out) {
  switch (v.type) {
    case ValueType::kBool:
    case ValueType::kInt:
      *out = static_cast<double>(v.i);
      return true;
    case ValueType::kDouble:
      *out = v.d;
      return true;
    case ValueType::kString:
      return core::ParseNumber(v.s, out);
    case ValueType::kNull:
      break;
  }
  return false;
}

void AppendKeyBytes(const Value& v, std::string* out) {
  out->push_back(static_cast<char>(v.type));
  char buf[8];
  switch (v.type) {
    case ValueType::kBool:
    case ValueType::kInt:
      std::memcpy(buf, &v.i, 8);
      out->append(buf, 8);
      break;
    case ValueType::kDouble:
      std::memcpy(buf, &v.d, 8);
      out->append(buf, 8);
      break;
    case ValueType::kString: {
      uint32_t n = static_cast<uint32_t>(v.s.size());
      std::memcpy(buf, &n, 4);
      out->append(buf, 4);
      out->append(v.s);
      break;
    }
    case ValueType::kNull:
      break;
  }
}

uint64_t HashValue(const Value& v) {
  switch (v.type) {
    case ValueType::kString:
      return core::Hash64(v.s, 4);
    case ValueType::kDouble:
      return core::Hash64(std::string_view(reinterpret_cast<const char*>(&v.d), 8), 3);
    default:
      return core::Hash64(std::string_view(reinterpret_cast<const char*>(&v.i), 8),
                          static_cast<uint64_t>(v.type));
  }
}

int CompareValues(const Value& a, const Value& b) {
  auto rank = [](ValueType t) {
    return t == ValueType::kNull ? 0 : t == ValueType::kBool ? 1 : t == ValueType::kString ? 3 : 2;
  };
  if (rank(a.type) != rank(b.type)) return Cmp(rank(a.type), rank(b.type));
  switch (a.type) {
    case ValueType::kNull:
      return 0;
    case ValueType::kBool:
      return Cmp(a.i, b.i);
    case ValueType::kString:
      return a.s.compare(b.s) < 0 ? -1 : (a.s == b.s ? 0 : 1);
    default:
      break;
  }
  if (a.type == ValueType::kInt && b.type == ValueType::kInt) return Cmp(a.i, b.i);
  double x = a.type == ValueType::kInt ? static_cast<double>(a.i) : a.d;
  double y = b.type == ValueType::kInt ? static_cast<double>(b.i) : b.d;
  return Cmp(x, y);
}

void WriteValue(const Value& v, core::JsonWriter* w) {
  switch (v.type) {
    case ValueType::kNull:
      w->Null();
      break;
    case ValueType::kBool:
      w->Bool(v.i != 0);
      break;
    case ValueType::kInt:
      w->Int(v.i);
      break;
    case ValueType::kDouble:
      w->Double(v.d);
      break;
    case ValueType::kString:
      w->String(v.s);
      break;
  }
}

std::optional<int> CompareWithLiteral(const Value& v, const Literal& lit) {
  switch (v.type) {
    case ValueType::kNull:
      return std::nullopt;
    case ValueType::kBool:
      return CompareBool(v.i != 0, lit);
    case ValueType::kInt:
      if (lit.type == Literal::Type::kInt) return Cmp(v.i, lit.i);
      return CompareNumber(static_cast<double>(v.i), lit);
    case ValueType::kDouble:
      return CompareNumber(v.d, lit);
    case ValueType::kString:
      break;
  }
  if (lit.type == Literal::Type::kString) {
    int c = v.s.compare(lit.s);
    return c < 0 ? -1 : (c > 0 ? 1 : 0);
  }
  double x = 0;
  if (lit.type == Literal::Type::kBool) {
    bool b = false;
    if (!ParseBool(v.s, &b)) return std::nullopt;
    return Cmp<int>(b, lit.b);
  }
  if (!lit.is_number() || !core::ParseNumber(v.s, &x)) return std::nullopt;
  return Cmp(x, lit.d);
}

}  // namespace waggle::query::exec
