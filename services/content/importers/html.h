#pragma once

// HTML fragments to plain text, through TextRenderer (see text_renderer.h for
// the layout of the result).

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "services/content/importers/text_renderer.h"

namespace medbrief::content::importers {

// Feeds `html` to `renderer`. A tag is recognised only when '<' is followed
// by a letter, '/', '!' or '?', so "p<0.05" and "age <45 years" stay text;
// comments, CDATA, doctype and processing instructions are dropped, and so
// is the content of <script> and <style>. With `known_tags_only`, a tag that
// is not a common HTML element stays text as written.
void RenderHtml(absl::string_view html, bool known_tags_only, TextRenderer* renderer);

std::string HtmlToText(absl::string_view html, const RenderOptions& options = {});
std::vector<TextPart> HtmlToParts(absl::string_view html);

// Text meant to be plain that may carry stray markup or entities (JSONL
// fields): newlines keep their meaning, common HTML tags and entities are
// rendered, anything else stays as written.
std::string CleanPlainText(absl::string_view text);

// HTML to one line (titles, headings, names): HtmlToText with every break
// collapsed into a space.
std::string CleanLine(absl::string_view html);

}  // namespace medbrief::content::importers
