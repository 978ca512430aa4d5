#include "services/content/importers/html.h"

#include <algorithm>
#include <iterator>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "services/content/importers/text.h"

namespace medbrief::content::importers {
namespace {

constexpr size_t kNpos = absl::string_view::npos;

// The HTML elements CleanPlainText renders; sorted.
constexpr absl::string_view kCommonTags[] = {
    "a",  "abbr", "b",  "big", "blockquote", "br", "caption", "center", "cite", "code",   "dd",    "div",
    "dl", "dt",   "em", "font", "h1",        "h2", "h3",      "h4",     "h5",   "h6",     "hr",    "i",
    "li", "ol",   "p",  "pre", "s",          "small", "span", "strike", "strong", "sub",  "sup",   "table",
    "tbody", "td", "tfoot", "th", "thead",    "tr", "tt",      "u",      "ul"};

bool IsCommonTag(absl::string_view name) {
  const std::string lower = absl::AsciiStrToLower(name);
  return std::binary_search(std::begin(kCommonTags), std::end(kCommonTags), absl::string_view(lower));
}

bool IsNameChar(char c) {
  return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == ':' || c == '.';
}

bool IsBlank(char c) { return absl::ascii_isspace(static_cast<unsigned char>(c)); }

// One tag, from its '<' to its '>'.
struct Tag {
  std::string name;
  std::vector<Attribute> attributes;
  bool end = false;
  bool self_closing = false;
  size_t next = 0;  // position after '>'
};

// Reads the name at html[*i] and advances past it.
std::string ReadName(absl::string_view html, size_t* i) {
  const size_t start = *i;
  while (*i < html.size() && IsNameChar(html[*i])) ++*i;
  return std::string(html.substr(start, *i - start));
}

// Reads attributes up to '>' (or "/>"); false when the input ends or another
// '<' comes first.
bool ReadAttributes(absl::string_view html, size_t i, Tag* tag) {
  while (i < html.size()) {
    const char c = html[i];
    if (c == '>') {
      tag->next = i + 1;
      return true;
    }
    if (c == '<') return false;
    if (c == '/' || IsBlank(c) || !IsNameChar(c)) {
      if (c == '/' && i + 1 < html.size() && html[i + 1] == '>') tag->self_closing = true;
      ++i;
      continue;
    }
    Attribute attribute;
    attribute.name = ReadName(html, &i);
    while (i < html.size() && IsBlank(html[i])) ++i;
    if (i < html.size() && html[i] == '=') {
      ++i;
      while (i < html.size() && IsBlank(html[i])) ++i;
      size_t end;
      if (i < html.size() && (html[i] == '"' || html[i] == '\'')) {
        end = html.find(html[i], i + 1);
        if (end == kNpos) return false;
        attribute.value = DecodeEntities(html.substr(i + 1, end - i - 1));
        i = end + 1;
      } else {
        end = i;
        while (end < html.size() && !IsBlank(html[end]) && html[end] != '>') ++end;
        attribute.value = DecodeEntities(html.substr(i, end - i));
        i = end;
      }
    }
    tag->attributes.push_back(std::move(attribute));
  }
  return false;
}

// Reads the tag starting at html[lt] ('<' followed by a letter or '/').
bool ReadTag(absl::string_view html, size_t lt, Tag* tag) {
  size_t i = lt + 1;
  if (html[i] == '/') {
    tag->end = true;
    ++i;
  }
  tag->name = ReadName(html, &i);
  if (tag->name.empty()) return false;
  if (tag->end) {
    const size_t gt = html.find_first_of("<>", i);
    if (gt == kNpos || html[gt] == '<') return false;
    tag->next = gt + 1;
    return true;
  }
  return ReadAttributes(html, i, tag);
}

// Position after the markup declaration, comment or processing instruction
// at html[lt] ("<!", "<?"); the end of the input when it is unterminated.
size_t SkipDeclaration(absl::string_view html, size_t lt, TextRenderer* renderer) {
  absl::string_view rest = html.substr(lt);
  size_t end;
  if (absl::StartsWith(rest, "<!--")) {
    end = html.find("-->", lt + 4);
    return end == kNpos ? html.size() : end + 3;
  }
  if (absl::StartsWith(rest, "<![CDATA[")) {
    end = html.find("]]>", lt + 9);
    const size_t stop = end == kNpos ? html.size() : end;
    renderer->Text(html.substr(lt + 9, stop - lt - 9));
    return end == kNpos ? html.size() : end + 3;
  }
  end = html.find('>', lt);
  return end == kNpos ? html.size() : end + 1;
}

// Position of the end tag closing raw-text element `name` (script, style)
// at or after `from`; the end of the input when there is none.
size_t FindRawTextEnd(absl::string_view html, size_t from, absl::string_view name) {
  for (size_t i = html.find("</", from); i != kNpos; i = html.find("</", i + 2)) {
    if (absl::StartsWithIgnoreCase(html.substr(i + 2), name)) return i;
  }
  return html.size();
}

}  // namespace

void RenderHtml(absl::string_view html, bool known_tags_only, TextRenderer* renderer) {
  size_t i = 0;
  while (i < html.size()) {
    const size_t lt = html.find('<', i);
    renderer->Text(DecodeEntities(html.substr(i, lt == kNpos ? kNpos : lt - i)));
    if (lt == kNpos || lt + 1 >= html.size()) {
      if (lt != kNpos) renderer->Text("<");
      return;
    }
    const char next = html[lt + 1];
    if (next == '!' || next == '?') {
      i = SkipDeclaration(html, lt, renderer);
      continue;
    }
    // Not a tag (or one never closed, or one we leave alone): a literal '<'.
    Tag tag;
    const bool starts_tag = absl::ascii_isalpha(static_cast<unsigned char>(next)) || next == '/';
    if (!starts_tag || !ReadTag(html, lt, &tag) || (known_tags_only && !IsCommonTag(tag.name))) {
      renderer->Text("<");
      i = lt + 1;
      continue;
    }
    i = tag.next;
    if (tag.end) {
      renderer->End(tag.name);
      continue;
    }
    renderer->Start(tag.name, tag.attributes);
    if (tag.self_closing) {
      renderer->End(tag.name);
    } else if (absl::EqualsIgnoreCase(tag.name, "script") || absl::EqualsIgnoreCase(tag.name, "style")) {
      i = FindRawTextEnd(html, i, tag.name);
    }
  }
}

std::string HtmlToText(absl::string_view html, const RenderOptions& options) {
  TextRenderer renderer(options);
  RenderHtml(html, /*known_tags_only=*/false, &renderer);
  return renderer.Finish();
}

std::vector<TextPart> HtmlToParts(absl::string_view html) {
  RenderOptions options;
  options.split_at_headings = true;
  TextRenderer renderer(options);
  RenderHtml(html, /*known_tags_only=*/false, &renderer);
  return renderer.FinishParts();
}

std::string CleanPlainText(absl::string_view text) {
  RenderOptions options;
  options.newlines_are_breaks = true;
  TextRenderer renderer(options);
  RenderHtml(text, /*known_tags_only=*/true, &renderer);
  return renderer.Finish();
}

std::string CleanLine(absl::string_view html) { return CollapseWhitespace(HtmlToText(html)); }

}  // namespace medbrief::content::importers
