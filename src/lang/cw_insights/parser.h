// File: lang/cw_insights/parser.h
//
// The recursive-descent parser behind ParseQuery (query.h), scanning the
// text directly (no token list); keywords and function names are
// case-insensitive. parser.cc has the commands, parse_expr.cc the
// expressions. Internal to lang/cw_insights.
#pragma once

#include <string>
#include <string_view>

#include "lang/cw_insights/query.h"

namespace waggle::lang::cw_insights {

class Parser {
 public:
  explicit Parser(std::string_view text) : t_(text) {}
  // The whole query, or the first error.
  absl::StatusOr<Query> Parse();

 private:
  // Lexing (parser.cc).
  absl::Status Error(std::string_view what) const { return ErrorAt(i_, what); }
  absl::Status ErrorAt(size_t offset, std::string_view what) const;
  void SkipSpace();
  bool Take(std::string_view p);
  bool Keyword(std::string_view k);
  bool AtEnd();
  absl::StatusOr<std::string> Name();
  absl::StatusOr<std::string> Alias(std::string fallback);
  std::string TextFrom(size_t start) const;

  // Commands (parser.cc).
  absl::Status Command(Query* q);
  absl::Status Projections(Query* q, bool display);
  absl::Status Filter(Query* q);
  absl::Status ParseCommand(Query* q);
  absl::Status Glob(Stage* stage);
  absl::Status RegexGroups(Stage* stage);
  absl::Status Stats(Query* q);
  absl::StatusOr<Aggregate> AggregateCall();
  absl::Status Sort(Query* q);
  absl::Status Dedup(Query* q);
  absl::Status Limit(Query* q);

  // Expressions (parse_expr.cc), loosest binding first.
  absl::StatusOr<Expr> Expression() { return OrExpr(); }
  absl::StatusOr<Expr> OrExpr();
  absl::StatusOr<Expr> AndExpr();
  absl::StatusOr<Expr> NotExpr();
  absl::StatusOr<Expr> Comparison();
  absl::StatusOr<Expr> Additive();
  absl::StatusOr<Expr> Multiplicative();
  absl::StatusOr<Expr> Power();
  absl::StatusOr<Expr> Unary();
  absl::StatusOr<Expr> Primary();
  absl::StatusOr<Expr> Call(std::string name, size_t start);
  absl::StatusOr<Expr> Period();
  absl::StatusOr<Expr> Number();
  absl::StatusOr<Expr> Quoted();
  absl::StatusOr<Expr> Regex(bool named_groups);

  std::string_view t_;
  size_t i_ = 0;
  int depth_ = 0;
  bool after_stats_ = false;
  bool after_dedup_ = false;
};

}  // namespace waggle::lang::cw_insights
