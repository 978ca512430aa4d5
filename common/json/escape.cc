#include "common/json/escape.h"

#include <cstdint>

#include "absl/strings/str_format.h"
#include "common/text/utf8.h"

namespace medbrief::json {

void AppendQuoted(std::string* out, absl::string_view text) {
  out->push_back('"');
  for (size_t i = 0; i < text.size();) {
    const char c = text[i];
    switch (c) {
      case '"': out->append("\\\""); ++i; continue;
      case '\\': out->append("\\\\"); ++i; continue;
      case '\n': out->append("\\n"); ++i; continue;
      case '\r': out->append("\\r"); ++i; continue;
      case '\t': out->append("\\t"); ++i; continue;
      default: break;
    }
    if (static_cast<uint8_t>(c) < 0x20) {
      absl::StrAppendFormat(out, "\\u%04x", static_cast<int>(c));
      ++i;
      continue;
    }
    const size_t len = text::Utf8SequenceLength(text, i);
    if (len == 0) {
      out->append("\xEF\xBF\xBD");  // U+FFFD
      ++i;
      continue;
    }
    out->append(text.data() + i, len);
    i += len;
  }
  out->push_back('"');
}

std::string Quoted(absl::string_view text) {
  std::string out;
  AppendQuoted(&out, text);
  return out;
}

}  // namespace medbrief::json
