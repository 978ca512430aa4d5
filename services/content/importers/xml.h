#pragma once

// pugixml helpers shared by the XML importers: parsing with clear errors,
// namespace-agnostic navigation by local name, and element content to text.
// Documents are parsed without entity expansion; text and attribute values
// are decoded here (XML's five entities, numeric references, and the HTML
// named entities some producers leave in).

#include <initializer_list>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "pugixml.hpp"
#include "services/content/importers/text_renderer.h"

namespace medbrief::content::importers::xml {

// Parses `text` as one XML document. InvalidArgument for empty input, bytes
// that are not UTF-8 (with their offset), malformed XML (line, column and
// what), no root element, or anything but whitespace, comments and
// declarations outside the root.
absl::Status Parse(absl::string_view text, pugi::xml_document* doc);

// The element name without namespace prefix.
absl::string_view LocalName(pugi::xml_node node);

// The first child element with this local name (an empty node when none).
pugi::xml_node Child(pugi::xml_node node, absl::string_view local_name);
// Child(Child(node, a), b)... along `path`.
pugi::xml_node Descend(pugi::xml_node node, std::initializer_list<absl::string_view> path);
// Every child element with this local name, in order.
std::vector<pugi::xml_node> Children(pugi::xml_node node, absl::string_view local_name);

// The attribute's value (matched by local name), decoded, whitespace
// collapsed; empty when absent.
std::string Attr(pugi::xml_node node, absl::string_view local_name);
// The same, decoded but whitespace untouched.
std::string RawAttr(pugi::xml_node node, absl::string_view local_name);

// Feeds the content of `node` (not the node itself) to `renderer`.
void Render(pugi::xml_node node, TextRenderer* renderer);
// The content of `node` as text with paragraphs, lists and tables.
std::string BlockText(pugi::xml_node node);
// The content of `node` on one line (names, titles, numbers).
std::string InlineText(pugi::xml_node node);

// "document/component/structuredBody/component[3]/section" for messages: the
// local names from the root, with a 1-based index where siblings share it.
std::string Path(pugi::xml_node node);

}  // namespace medbrief::content::importers::xml
