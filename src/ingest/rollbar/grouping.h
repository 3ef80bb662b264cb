// Grouping occurrences into items (specs/rollbar.md §2): the fingerprint
// and the item title of an occurrence. Pure functions; thread-safe.
//
// Fingerprint precedence: the payload's `fingerprint` (SHA-1 hex when longer
// than 40 characters), else the default algorithm:
//   trace / trace_chain[0]: SHA-1 of every frame's filename and method plus
//     the exception class; line numbers and the message are ignored, a
//     server.root prefix is cut from filenames, integers of 2+ digits are cut
//     from method names, and date/SHA-like path components are dropped;
//   message: SHA-1 of the text with data-like tokens (numbers, hex runs,
//     UUIDs, e-mail addresses, timestamps, quoted strings) replaced;
//   crash_report: SHA-1 of the symbol names of the crashed thread, else of
//     the raw text with addresses replaced.
// Each input is prefixed with its kind, so a message never groups with an
// exception.
#pragma once

#include <string>
#include <string_view>

#include "ingest/rollbar/occurrence.h"

namespace waggle::ingest::rollbar {

// Longest title kept (bytes, cut at a UTF-8 boundary).
inline constexpr size_t kMaxTitleLength = 255;

// The occurrence's fingerprint (see the file comment).
std::string Fingerprint(const Occurrence& occurrence);

// `data.title` if set, else "<class>: <message>" (or the class alone) for
// exceptions, the message text for messages, the first line of a crash
// report; at most kMaxTitleLength bytes, never empty.
std::string ItemTitle(const Occurrence& occurrence);

// The message with its data-like tokens replaced by placeholders (exposed
// for tests): "user 1234 failed" -> "user {num} failed".
std::string NormalizeMessage(std::string_view message);

// Lower-case hex SHA-1 of `data` (40 characters).
std::string Sha1Hex(std::string_view data);

// `s` cut to at most `max` bytes without splitting a UTF-8 sequence.
std::string TruncateUtf8(std::string_view s, size_t max);

}  // namespace waggle::ingest::rollbar
