#include "services/content/importers/text.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/text/utf8.h"
#include "services/content/importers/entities.h"

namespace medbrief::content::importers {
namespace {

constexpr uint32_t kReplacement = 0xFFFD;
constexpr size_t kMaxReferenceLength = 32;

// Windows-1252 for 0x80..0x9F, which HTML reads numeric references in that
// range as (0 where Windows-1252 has no character).
constexpr uint32_t kWindows1252[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

bool IsScalarValue(uint32_t cp) { return cp <= 0x10FFFF && (cp < 0xD800 || cp > 0xDFFF); }

// Reads a numeric reference body ("#38", "#x26") into `cp`; false when the
// body is not one.
bool ParseNumericReference(absl::string_view body, uint32_t* cp) {
  if (body.size() < 2 || body[0] != '#') return false;
  const bool hex = body[1] == 'x' || body[1] == 'X';
  const absl::string_view digits = body.substr(hex ? 2 : 1);
  if (digits.empty()) return false;
  uint64_t value = 0;
  for (char c : digits) {
    int d;
    if (c >= '0' && c <= '9') {
      d = c - '0';
    } else if (hex && absl::ascii_isxdigit(static_cast<unsigned char>(c))) {
      d = absl::ascii_tolower(static_cast<unsigned char>(c)) - 'a' + 10;
    } else {
      return false;
    }
    value = value * (hex ? 16 : 10) + static_cast<uint64_t>(d);
    if (value > 0x10FFFF) value = 0x110000;  // stays invalid, never overflows
  }
  uint32_t v = static_cast<uint32_t>(value);
  if (v >= 0x80 && v <= 0x9F && kWindows1252[v - 0x80] != 0) v = kWindows1252[v - 0x80];
  *cp = (v == 0 || !IsScalarValue(v)) ? kReplacement : v;
  return true;
}

bool IsWordEnd(absl::string_view text, size_t pos) { return pos >= text.size() || text[pos] == ' '; }

}  // namespace

uint32_t NextCodePoint(absl::string_view text, size_t* i) {
  const size_t len = text::Utf8SequenceLength(text, *i);
  if (len == 0) {
    ++*i;
    return kReplacement;
  }
  const auto byte = [&](size_t k) { return static_cast<uint32_t>(static_cast<uint8_t>(text[*i + k])); };
  uint32_t cp;
  switch (len) {
    case 1: cp = byte(0); break;
    case 2: cp = ((byte(0) & 0x1F) << 6) | (byte(1) & 0x3F); break;
    case 3: cp = ((byte(0) & 0x0F) << 12) | ((byte(1) & 0x3F) << 6) | (byte(2) & 0x3F); break;
    default:
      cp = ((byte(0) & 0x07) << 18) | ((byte(1) & 0x3F) << 12) | ((byte(2) & 0x3F) << 6) | (byte(3) & 0x3F);
  }
  *i += len;
  return cp;
}

bool IsSpace(uint32_t cp) {
  return cp == ' ' || (cp >= 0x09 && cp <= 0x0D) || cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) ||
         cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

std::string DecodeEntities(absl::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    const size_t amp = text.find('&', i);
    if (amp == absl::string_view::npos) break;
    out.append(text.data() + i, amp - i);
    const size_t semi = text.substr(amp, kMaxReferenceLength).find(';');
    uint32_t cp = 0;
    if (semi != absl::string_view::npos) {
      const absl::string_view body = text.substr(amp + 1, semi - 1);
      if (!ParseNumericReference(body, &cp)) cp = LookupEntity(body);
    }
    if (cp == 0) {
      out.push_back('&');
      i = amp + 1;
      continue;
    }
    AppendUtf8(cp, &out);
    i = amp + semi + 1;
  }
  out.append(text.data() + i, text.size() - i);
  return out;
}

std::string CollapseWhitespace(absl::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool space = false;
  for (size_t i = 0; i < text.size();) {
    const size_t start = i;
    const uint32_t cp = NextCodePoint(text, &i);
    if (IsSpace(cp)) {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    if (cp == kReplacement && i - start == 1) {
      AppendUtf8(cp, &out);
    } else {
      out.append(text.data() + start, i - start);
    }
  }
  return out;
}

std::string RepairMojibake(absl::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    const size_t start = i;
    const uint32_t lead = NextCodePoint(text, &i);
    const size_t len = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
    if (lead < 0xC2 || lead > 0xF4) {
      out.append(text.data() + start, i - start);
      continue;
    }
    // Re-read the Latin-1 "characters" as the bytes they were.
    std::string bytes(1, static_cast<char>(lead));
    size_t j = i;
    while (bytes.size() < len && j < text.size()) {
      const uint32_t cp = NextCodePoint(text, &j);
      if (cp < 0x80 || cp > 0xBF) break;
      bytes.push_back(static_cast<char>(cp));
    }
    if (bytes.size() == len && text::Utf8SequenceLength(bytes, 0) == len) {
      out += bytes;
      i = j;
    } else {
      out.append(text.data() + start, i - start);
    }
  }
  return out;
}

std::string TruncateChars(absl::string_view text, size_t max_chars) {
  if (text.size() <= max_chars || text::CodePointCount(text) <= max_chars) {
    return std::string(text);
  }
  size_t cut = 0;
  for (size_t chars = 0; chars < max_chars && cut < text.size(); ++chars) NextCodePoint(text, &cut);
  absl::string_view head = text.substr(0, cut);
  const size_t space = head.find_last_of(" \n");
  if (space != absl::string_view::npos && space > 0 && !IsWordEnd(text, cut)) {
    head = head.substr(0, space);
  }
  return std::string(absl::StripTrailingAsciiWhitespace(head));
}

std::string FirstSentence(absl::string_view text, size_t max_chars) {
  const std::string flat = CollapseWhitespace(text);
  absl::string_view sentence = flat;
  for (size_t i = 1; i + 2 < flat.size(); ++i) {
    const char c = flat[i];
    const unsigned char next = static_cast<unsigned char>(flat[i + 2]);
    if ((c == '.' || c == '?' || c == '!') && flat[i + 1] == ' ' &&
        (absl::ascii_isupper(next) || absl::ascii_isdigit(next))) {
      sentence = absl::string_view(flat).substr(0, i + 1);
      break;
    }
  }
  if (absl::EndsWith(sentence, ".")) sentence.remove_suffix(1);
  return TruncateChars(sentence, max_chars);
}

std::string WithoutFinalPeriod(std::string title) {
  if (absl::EndsWith(title, ".") && !absl::EndsWith(title, "..")) title.pop_back();
  return title;
}

std::string JoinHeadings(absl::string_view parent, absl::string_view child) {
  if (parent.empty()) return std::string(child);
  if (child.empty()) return std::string(parent);
  return absl::StrCat(parent, " > ", child);
}

uint64_t Fingerprint(absl::string_view text) {
  uint64_t hash = 0xcbf29ce484222325ULL;
  for (char c : text) {
    hash ^= static_cast<uint8_t>(c);
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

bool ContainsIgnoreCase(absl::string_view text, absl::string_view needle) {
  return absl::StrContains(absl::AsciiStrToLower(text), absl::AsciiStrToLower(needle));
}

}  // namespace medbrief::content::importers
