#pragma once

// Small text helpers shared by the importers: entities, whitespace, UTF-8
// repair, truncation.

#include <cstddef>
#include <cstdint>
#include <string>

#include "common/text/utf8.h"

#include "absl/strings/string_view.h"

namespace medbrief::content::importers {

// Decodes character references: the HTML 4 named entities plus &apos;, and
// numeric ones (&#150; and friends as Windows-1252, like browsers). A
// reference to an invalid code point becomes U+FFFD; unknown or malformed
// references stay as written.
std::string DecodeEntities(absl::string_view text);

// Collapses every whitespace run (newlines and no-break spaces included) into
// one space and trims both ends.
std::string CollapseWhitespace(absl::string_view text);

// Repairs UTF-8 text that was once decoded as Latin-1 and encoded again
// ("Clearinghouseâ¢" -> "Clearinghouse™", "Ã©" -> "é").
std::string RepairMojibake(absl::string_view text);

// At most `max_chars` code points: cut at a word boundary (the last space)
// when there is one, otherwise at a code point boundary; trailing spaces
// trimmed.
std::string TruncateChars(absl::string_view text, size_t max_chars);

// The first sentence of `text` (up to ". ", "? " or "! " followed by a
// capital or a digit), whitespace collapsed, without a final period, cut to
// `max_chars` as TruncateChars does.
std::string FirstSentence(absl::string_view text, size_t max_chars);

// `title` without one final period ("Title." -> "Title"; "Et al..." stays):
// NGC and PubMed end titles with one that reference styles add themselves.
std::string WithoutFinalPeriod(std::string title);

// "parent > child", or whichever of the two is not empty.
std::string JoinHeadings(absl::string_view parent, absl::string_view child);

// 64-bit FNV-1a: a fingerprint that is the same on every run and platform.
uint64_t Fingerprint(absl::string_view text);

// ASCII case-insensitive.
bool ContainsIgnoreCase(absl::string_view text, absl::string_view needle);

using text::AppendUtf8;  // common/text/utf8.h

// Decodes the code point at `text[*i]` and advances `*i`; malformed bytes
// decode as U+FFFD, one byte at a time.
uint32_t NextCodePoint(absl::string_view text, size_t* i);

// Whitespace for collapsing: ASCII whitespace, U+00A0, U+1680, U+2000-200A,
// U+2028, U+2029, U+202F, U+205F, U+3000.
bool IsSpace(uint32_t code_point);

}  // namespace medbrief::content::importers
