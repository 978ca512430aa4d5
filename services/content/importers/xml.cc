#include "services/content/importers/xml.h"

#include <algorithm>
#include <cstring>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/text/utf8.h"
#include "services/content/importers/text.h"

namespace medbrief::content::importers::xml {
namespace {

// No entity expansion (values are decoded by DecodeEntities instead),
// whitespace-only text kept (it separates inline elements), and text outside
// the root kept too (as a fragment) so that Parse can refuse it.
constexpr unsigned int kParseOptions =
    (pugi::parse_default & ~pugi::parse_escapes) | pugi::parse_ws_pcdata | pugi::parse_fragment;

absl::Status Invalid(absl::string_view what) { return absl::InvalidArgumentError(what); }

std::string LineAndColumn(absl::string_view text, size_t offset) {
  offset = std::min(offset, text.size());
  const absl::string_view head = text.substr(0, offset);
  const size_t line = static_cast<size_t>(std::count(head.begin(), head.end(), '\n')) + 1;
  const size_t line_start = head.rfind('\n');
  const size_t column = offset - (line_start == absl::string_view::npos ? 0 : line_start + 1) + 1;
  return absl::StrCat("line ", line, ", column ", column);
}

size_t FirstInvalidUtf8(absl::string_view text) {
  for (size_t i = 0; i < text.size();) {
    const size_t len = text::Utf8SequenceLength(text, i);
    if (len == 0) return i;
    i += len;
  }
  return absl::string_view::npos;
}

bool IsBlankText(const char* text) {
  for (; *text != '\0'; ++text) {
    if (!absl::ascii_isspace(static_cast<unsigned char>(*text))) return false;
  }
  return true;
}

}  // namespace

absl::Status Parse(absl::string_view text, pugi::xml_document* doc) {
  if (absl::StripAsciiWhitespace(text).empty()) return Invalid("empty document");
  const size_t bad = FirstInvalidUtf8(text);
  if (bad != absl::string_view::npos) {
    return Invalid(absl::StrCat("not valid UTF-8 at byte ", bad, " (", LineAndColumn(text, bad), ")"));
  }
  const pugi::xml_parse_result result =
      doc->load_buffer(text.data(), text.size(), kParseOptions, pugi::encoding_utf8);
  if (!result) {
    return Invalid(absl::StrCat("malformed XML at ", LineAndColumn(text, static_cast<size_t>(result.offset)),
                                ": ", result.description()));
  }
  int roots = 0;
  for (pugi::xml_node node : doc->children()) {
    if (node.type() == pugi::node_element) ++roots;
    if ((node.type() == pugi::node_pcdata && !IsBlankText(node.value())) || roots > 1) {
      return Invalid("malformed XML: content outside the root element");
    }
  }
  if (roots == 0) return Invalid("malformed XML: no root element");
  return absl::OkStatus();
}

absl::string_view LocalName(pugi::xml_node node) {
  absl::string_view name = node.name();
  const size_t colon = name.rfind(':');
  if (colon != absl::string_view::npos) name.remove_prefix(colon + 1);
  return name;
}

pugi::xml_node Child(pugi::xml_node node, absl::string_view local_name) {
  for (pugi::xml_node child : node.children()) {
    if (child.type() == pugi::node_element && LocalName(child) == local_name) return child;
  }
  return {};
}

pugi::xml_node Descend(pugi::xml_node node, std::initializer_list<absl::string_view> path) {
  for (absl::string_view step : path) node = Child(node, step);
  return node;
}

std::vector<pugi::xml_node> Children(pugi::xml_node node, absl::string_view local_name) {
  std::vector<pugi::xml_node> out;
  for (pugi::xml_node child : node.children()) {
    if (child.type() == pugi::node_element && LocalName(child) == local_name) out.push_back(child);
  }
  return out;
}

std::string RawAttr(pugi::xml_node node, absl::string_view local_name) {
  for (pugi::xml_attribute a : node.attributes()) {
    absl::string_view name = a.name();
    const size_t colon = name.rfind(':');
    if (colon != absl::string_view::npos) name.remove_prefix(colon + 1);
    if (name == local_name) return DecodeEntities(a.value());
  }
  return "";
}

std::string Attr(pugi::xml_node node, absl::string_view local_name) {
  return CollapseWhitespace(RawAttr(node, local_name));
}

// Iterative, so that no nesting depth can exhaust the stack.
void Render(pugi::xml_node node, TextRenderer* renderer) {
  pugi::xml_node current = node.first_child();
  while (current) {
    bool descend = false;
    switch (current.type()) {
      case pugi::node_element: {
        std::vector<importers::Attribute> attributes;
        for (pugi::xml_attribute a : current.attributes()) {
          attributes.push_back({a.name(), DecodeEntities(a.value())});
        }
        renderer->Start(current.name(), attributes);
        descend = static_cast<bool>(current.first_child());
        if (!descend) renderer->End(current.name());
        break;
      }
      case pugi::node_pcdata: renderer->Text(DecodeEntities(current.value())); break;
      case pugi::node_cdata: renderer->Text(current.value()); break;
      default: break;
    }
    if (descend) {
      current = current.first_child();
      continue;
    }
    while (current != node && !current.next_sibling()) {
      current = current.parent();
      if (current != node) renderer->End(current.name());
    }
    if (current == node) break;
    current = current.next_sibling();
  }
}

std::string BlockText(pugi::xml_node node) {
  TextRenderer renderer;
  Render(node, &renderer);
  return renderer.Finish();
}

std::string InlineText(pugi::xml_node node) { return CollapseWhitespace(BlockText(node)); }

std::string Path(pugi::xml_node node) {
  std::vector<std::string> steps;
  for (; node && node.type() == pugi::node_element; node = node.parent()) {
    std::string step(LocalName(node));
    const std::vector<pugi::xml_node> same = Children(node.parent(), LocalName(node));
    if (same.size() > 1) {
      const size_t index = static_cast<size_t>(std::find(same.begin(), same.end(), node) - same.begin());
      absl::StrAppend(&step, "[", index + 1, "]");
    }
    steps.push_back(std::move(step));
  }
  std::reverse(steps.begin(), steps.end());
  return absl::StrJoin(steps, "/");
}

}  // namespace medbrief::content::importers::xml
