#include "services/content/importers/text_renderer.h"

#include <algorithm>
#include <cstdint>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/text/utf8.h"
#include "services/content/importers/text.h"

namespace medbrief::content::importers {
namespace {

// A bold paragraph longer than this is text, not a heading.
constexpr size_t kMaxHeadingChars = 200;
// Headings joined with " > " stop growing at this length (content.proto's
// limit for a section heading).
constexpr size_t kMaxJoinedHeadingChars = 500;
// Nested lists deeper than this are not indented further.
constexpr size_t kMaxIndentLevels = 8;

absl::string_view FindAttribute(const std::vector<Attribute>& attributes, absl::string_view name) {
  for (const Attribute& a : attributes) {
    if (absl::EqualsIgnoreCase(a.name, name)) return a.value;
  }
  return {};
}

// "10" in decimal, "j" in alphabetic, "x" in roman numbering.
std::string FormatNumber(int n, char style) {
  if (n < 1) return std::to_string(n);
  if (style == 'a' || style == 'A') {
    std::string letters;
    for (int k = n; k > 0; k = (k - 1) / 26) letters.insert(letters.begin(), static_cast<char>(style + (k - 1) % 26));
    return letters;
  }
  if ((style == 'i' || style == 'I') && n < 4000) {
    static constexpr std::pair<int, const char*> kRoman[] = {{1000, "m"}, {900, "cm"}, {500, "d"}, {400, "cd"},
                                                             {100, "c"},  {90, "xc"},  {50, "l"},  {40, "xl"},
                                                             {10, "x"},   {9, "ix"},   {5, "v"},   {4, "iv"},
                                                             {1, "i"}};
    std::string roman;
    for (const auto& [value, digits] : kRoman) {
      for (; n >= value; n -= value) roman += digits;
    }
    return style == 'I' ? absl::AsciiStrToUpper(roman) : roman;
  }
  return std::to_string(n);
}

// The numbering style of an ordered list from HTML's type= and style= or
// SPL's styleCode=.
char ListStyle(const std::vector<Attribute>& attributes) {
  const absl::string_view type = FindAttribute(attributes, "type");
  if (type.size() == 1 && absl::StrContains("1aAiI", type[0])) return type[0];
  const std::string style = absl::AsciiStrToLower(
      absl::StrCat(FindAttribute(attributes, "style"), " ", FindAttribute(attributes, "styleCode")));
  if (absl::StrContains(style, "lower-alpha") || absl::StrContains(style, "lower-latin") ||
      absl::StrContains(style, "littlealpha")) {
    return 'a';
  }
  if (absl::StrContains(style, "upper-alpha") || absl::StrContains(style, "upper-latin") ||
      absl::StrContains(style, "bigalpha")) {
    return 'A';
  }
  if (absl::StrContains(style, "lower-roman") || absl::StrContains(style, "littleroman")) return 'i';
  if (absl::StrContains(style, "upper-roman") || absl::StrContains(style, "bigroman")) return 'I';
  return '1';
}

// Cells joined with " | "; an empty cell keeps its place ("a | | c") unless
// only empty cells follow it.
std::string JoinCells(const std::vector<std::string>& cells) {
  size_t count = cells.size();
  while (count > 0 && cells[count - 1].empty()) --count;
  std::string line;
  for (size_t i = 0; i < count; ++i) {
    if (i > 0) line += " |";
    if (i > 0 && !cells[i].empty()) line += ' ';
    line += cells[i];
  }
  return line;
}

// Characters that carry nothing in plain text: C0 and C1 controls (whitespace
// aside), soft hyphen, zero-width characters, the byte order mark.
bool IsInvisible(uint32_t cp) {
  return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0xAD || (cp >= 0x200B && cp <= 0x200D) ||
         cp == 0x2060 || cp == 0xFEFF;
}

// The Latin ligatures U+FB00..U+FB06 spelled out, so "ﬁ" searches as "fi".
const char* Ligature(uint32_t cp) {
  static constexpr const char* kLigatures[] = {"ff", "fi", "fl", "ffi", "ffl", "st", "st"};
  return cp >= 0xFB00 && cp <= 0xFB06 ? kLigatures[cp - 0xFB00] : nullptr;
}

// "hl7:Paragraph" -> "paragraph".
std::string ElementName(absl::string_view tag) {
  const size_t colon = tag.rfind(':');
  if (colon != absl::string_view::npos) tag.remove_prefix(colon + 1);
  return absl::AsciiStrToLower(tag);
}

// The length of the bullet character `text` starts with, or 0.
size_t BulletLength(absl::string_view text) {
  static constexpr absl::string_view kBullets[] = {"\u2022", "\u25CF", "\u25AA", "\u25E6", "\u2023",
                                                   "\u2043", "\u2219", "\u25A0", "\u00B7"};
  for (absl::string_view bullet : kBullets) {
    if (absl::StartsWith(text, bullet)) return bullet.size();
  }
  return 0;
}

}  // namespace

// --- Sink ---------------------------------------------------------------

void TextRenderer::Sink::Break(int level) {
  if (flat_) {
    space_ = true;
  } else {
    break_ = std::max(break_, level);
  }
}

void TextRenderer::Sink::Flush() {
  if (flat_) {
    if (!out_.empty() && !prefix_.empty()) {
      out_ += prefix_;
    } else if (!out_.empty() && space_) {
      out_ += ' ';
    }
  } else if (out_.empty() || break_ > 0) {
    if (!out_.empty()) out_ += break_ > 1 ? "\n\n" : "\n";
    out_ += prefix_;
    line_start_ = out_.size();
    listed_ = !prefix_.empty();
  } else if (space_ && out_.back() != ' ') {  // a list prefix ends with its own space
    out_ += ' ';
  }
  break_ = 0;
  space_ = false;
  prefix_.clear();
}

void TextRenderer::Sink::Put(absl::string_view text) {
  if (text.empty()) return;
  Flush();
  const size_t bullet = flat_ || out_.size() != line_start_ ? 0 : BulletLength(text);
  if (bullet > 0) {  // a typed bullet: the list prefix, or "- " when there is none
    text.remove_prefix(bullet);
    if (!listed_) out_ += "- ";
    listed_ = true;
    if (text.empty()) return;
  }
  out_.append(text.data(), text.size());
}

void TextRenderer::Sink::Truncate(size_t size) {
  out_.resize(std::min(size, out_.size()));
  line_start_ = std::min(line_start_, out_.size());
  break_ = 0;
  space_ = false;
  prefix_.clear();
}

std::string TextRenderer::Sink::Take() {
  std::string text = std::move(out_);
  out_.clear();
  Truncate(0);
  return text;
}

// --- Events -------------------------------------------------------------

TextRenderer::TextRenderer(RenderOptions options) : options_(options) { sinks_.emplace_back(/*flat=*/false); }

TextRenderer::Role TextRenderer::RoleOf(absl::string_view name) {
  static constexpr std::pair<absl::string_view, Role> kRoleNames[] = {
      {"address", Role::kBlock},    {"area", Role::kVoid},         {"article", Role::kBlock},
      {"aside", Role::kBlock},      {"b", Role::kBold},            {"base", Role::kVoid},
      {"blockquote", Role::kBlock}, {"br", Role::kBreak},          {"caption", Role::kCaption},
      {"center", Role::kBlock},     {"col", Role::kVoid},          {"colgroup", Role::kVoid},
      {"dd", Role::kBlock},         {"div", Role::kBlock},         {"dl", Role::kBlock},
      {"dt", Role::kBlock},         {"embed", Role::kVoid},        {"figcaption", Role::kBlock},
      {"figure", Role::kBlock},     {"footer", Role::kBlock},      {"footnote", Role::kFootnote},
      {"footnoteref", Role::kFootnoteRef}, {"h1", Role::kHeading}, {"h2", Role::kHeading},
      {"h3", Role::kHeading},       {"h4", Role::kHeading},        {"h5", Role::kHeading},
      {"h6", Role::kHeading},       {"head", Role::kSkip},         {"header", Role::kBlock},
      {"hr", Role::kRule},          {"img", Role::kImage},         {"input", Role::kVoid},
      {"item", Role::kItem},        {"li", Role::kItem},           {"link", Role::kVoid},
      {"list", Role::kList},        {"menu", Role::kList},         {"meta", Role::kVoid},
      {"noscript", Role::kSkip},    {"ol", Role::kList},           {"p", Role::kBlock},
      {"paragraph", Role::kBlock},  {"param", Role::kVoid},        {"pre", Role::kBlock},
      {"script", Role::kSkip},      {"section", Role::kBlock},     {"source", Role::kVoid},
      {"strong", Role::kBold},      {"style", Role::kSkip},        {"sup", Role::kSuperscript},
      {"table", Role::kTable},      {"tbody", Role::kRowGroup},    {"td", Role::kCell},
      {"template", Role::kSkip},    {"tfoot", Role::kRowGroup},    {"th", Role::kCell},
      {"thead", Role::kRowGroup},   {"tr", Role::kRow},            {"track", Role::kVoid},
      {"ul", Role::kList},          {"wbr", Role::kVoid},
  };
  for (const auto& [n, role] : kRoleNames) {
    if (n == name) return role;
  }
  return Role::kInline;
}

void TextRenderer::Start(absl::string_view tag, const std::vector<Attribute>& attributes) {
  std::string name = ElementName(tag);
  const Role role = RoleOf(name);
  Open open{std::move(name), role};
  switch (open.role) {
    case Role::kItem: CloseInScope(Role::kItem, {Role::kList, Role::kTable, Role::kCell}); break;
    case Role::kRow: CloseInScope(Role::kRow, {Role::kTable}); break;
    case Role::kCell: CloseInScope(Role::kCell, {Role::kRow, Role::kTable}); break;
    case Role::kRowGroup: CloseInScope(Role::kRowGroup, {Role::kTable}); break;
    case Role::kBlock:
    case Role::kHeading:
    case Role::kList:
    case Role::kTable:
    case Role::kRule: CloseOpenParagraph(); break;
    default: break;
  }
  open.sink = sinks_.size() - 1;
  OnStart(&open, attributes);
  switch (open.role) {
    case Role::kBreak:
    case Role::kRule:
    case Role::kImage:
    case Role::kFootnoteRef:
    case Role::kVoid: break;
    default: Push(std::move(open));
  }
}

void TextRenderer::Push(Open open) {
  ++open_names_[open.name];
  ++OpenCount(open.role);
  open_.push_back(std::move(open));
}

TextRenderer::Open TextRenderer::Pop() {
  Open open = std::move(open_.back());
  open_.pop_back();
  --open_names_[open.name];
  --OpenCount(open.role);
  return open;
}

void TextRenderer::End(absl::string_view tag) {
  const std::string name = ElementName(tag);
  const auto it = open_names_.find(name);
  if (it == open_names_.end() || it->second == 0) return;
  for (size_t k = open_.size(); k-- > 0;) {
    if (open_[k].name == name) {
      CloseFrom(k);
      return;
    }
  }
}

void TextRenderer::Text(absl::string_view text) {
  if (skip_depth_ > 0) return;
  std::string run;
  bool space = false;
  int newlines = 0;
  const auto flush_space = [&] {
    if (!space) return;
    if (options_.newlines_are_breaks && newlines > 0) {
      Break(newlines > 1 ? 2 : 1);
    } else {
      sink().Space();
    }
    space = false;
    newlines = 0;
  };
  for (size_t i = 0; i < text.size();) {
    const uint32_t cp = NextCodePoint(text, &i);
    if (IsSpace(cp)) {
      PutText(run);
      run.clear();
      space = true;
      if (cp == '\n') ++newlines;
      continue;
    }
    if (IsInvisible(cp)) continue;
    if (space) {
      PutText(run);
      run.clear();
      flush_space();
    }
    if (const char* spelled = Ligature(cp)) {
      run += spelled;
    } else if (cp == 0x2010 || cp == 0x2011) {  // (non-breaking) hyphen: plain, so words match
      run += '-';
    } else {
      AppendUtf8(cp, &run);
    }
  }
  PutText(run);
  flush_space();
}

void TextRenderer::PutText(absl::string_view text) {
  if (text.empty()) return;
  sink().Put(text);
  // Punctuation after a bold label ("<b>Definitions</b>:") keeps it a heading.
  const bool wordy = std::any_of(text.begin(), text.end(), [](char c) {
    return absl::ascii_isalnum(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) >= 0x80;
  });
  if (!blocks_.empty() && (bold_depth_ > 0 || wordy)) {
    (bold_depth_ > 0 ? blocks_.back().bold : blocks_.back().plain) = true;
  }
}

void TextRenderer::Break(int level) {
  if (level > 1 && !lists_.empty()) level = 1;  // paragraphs inside a list item stay with it
  sink().Break(level);
}

void TextRenderer::CloseFrom(size_t index) {
  while (open_.size() > index) OnEnd(Pop());
}

void TextRenderer::CloseInScope(Role role, std::initializer_list<Role> scope) {
  if (OpenCount(role) == 0) return;
  for (size_t k = open_.size(); k-- > 0;) {
    if (open_[k].role == role) {
      CloseFrom(k);
      return;
    }
    if (std::find(scope.begin(), scope.end(), open_[k].role) != scope.end()) return;
  }
}

// HTML's rule: a block starting inside <p> ends the paragraph.
void TextRenderer::CloseOpenParagraph() {
  const auto it = open_names_.find("p");
  if (it == open_names_.end() || it->second == 0) return;
  for (size_t k = open_.size(); k-- > 0;) {
    if (open_[k].name == "p") {
      CloseFrom(k);
      return;
    }
    switch (open_[k].role) {
      case Role::kList:
      case Role::kItem:
      case Role::kTable:
      case Role::kCell:
      case Role::kCaption:
      case Role::kFootnote: return;
      default: break;
    }
  }
}

void TextRenderer::OnStart(Open* open, const std::vector<Attribute>& attributes) {
  switch (open->role) {
    case Role::kBlock: StartBlock(); break;
    case Role::kHeading:
      StartBlock();
      ++bold_depth_;
      break;
    case Role::kBold: ++bold_depth_; break;
    case Role::kBreak: Break(1); break;
    case Role::kRule: Break(2); break;
    case Role::kImage:
      if (!FindAttribute(attributes, "alt").empty()) {
        sink().Space();
        Text(FindAttribute(attributes, "alt"));
        sink().Space();
      }
      break;
    case Role::kList: StartList(open->name, attributes); break;
    case Role::kItem: StartItem(); break;
    case Role::kTable:
      MarkNested();
      tables_.emplace_back();
      break;
    case Role::kRowGroup:
      if (tables_.empty()) {
        open->role = Role::kInline;
      } else {
        tables_.back().group = open->name == "thead" ? 1 : open->name == "tfoot" ? 2 : 0;
      }
      break;
    case Role::kRow:
      if (tables_.empty()) {
        open->role = Role::kInline;
        Break(1);
      } else {
        StartRow();
      }
      break;
    case Role::kCell:
      if (tables_.empty()) {
        open->role = Role::kInline;
        sink().Space();
      } else {
        StartCell();
      }
      break;
    case Role::kCaption:
      if (CaptionBelongsToTable()) {
        sinks_.emplace_back(/*flat=*/true);
      } else {
        open->role = Role::kBlock;
        StartBlock();
      }
      break;
    case Role::kFootnote: StartFootnote(open, attributes); break;
    case Role::kFootnoteRef: {
      const auto it = footnote_ids_.find(std::string(FindAttribute(attributes, "IDREF")));
      if (it != footnote_ids_.end()) PutText(absl::StrCat("[", it->second, "]"));
      break;
    }
    case Role::kSuperscript: open->mark = sink().text().size(); break;
    case Role::kSkip: ++skip_depth_; break;
    case Role::kInline:
    case Role::kVoid: break;
  }
}

void TextRenderer::OnEnd(const Open& open) {
  switch (open.role) {
    case Role::kBlock: EndBlock(); break;
    case Role::kHeading:
      --bold_depth_;
      EndBlock();
      break;
    case Role::kBold: --bold_depth_; break;
    case Role::kList:
      lists_.pop_back();
      Break(lists_.empty() ? 2 : 1);
      break;
    case Role::kItem: Break(1); break;
    case Role::kTable: EndTable(); break;
    case Role::kRowGroup: tables_.back().group = 0; break;
    case Role::kRow: EndRow(); break;
    case Role::kCell: EndCell(); break;
    case Role::kCaption: {
      std::string caption = sink().Take();
      sinks_.pop_back();
      tables_.back().caption = std::move(caption);
      break;
    }
    case Role::kFootnote: EndFootnote(open); break;
    case Role::kSuperscript: EndSuperscript(open); break;
    case Role::kSkip: --skip_depth_; break;
    default: break;
  }
}

// --- Blocks and headings --------------------------------------------------

void TextRenderer::MarkNested() {
  if (!blocks_.empty()) blocks_.back().nested = true;
}

void TextRenderer::StartBlock() {
  MarkNested();
  Break(2);
  Block block;
  block.eligible = options_.split_at_headings && sinks_.size() == 1 && lists_.empty() && tables_.empty();
  block.start = sinks_.front().text().size();
  blocks_.push_back(block);
}

void TextRenderer::EndBlock() {
  const Block block = blocks_.back();
  blocks_.pop_back();
  Sink& doc = sinks_.front();
  if (block.eligible && block.bold && !block.plain && !block.nested && block.start <= doc.text().size()) {
    std::string heading = CollapseWhitespace(absl::string_view(doc.text()).substr(block.start));
    if (absl::EndsWith(heading, ":")) heading.pop_back();
    if (!heading.empty() && text::CodePointCount(heading) <= kMaxHeadingChars) {
      doc.Truncate(block.start);
      StartPart(std::move(heading));
    }
  }
  Break(2);
}

void TextRenderer::StartPart(std::string heading) {
  std::string text = sinks_.front().Take();
  if (text.empty()) {
    if (heading_.size() < kMaxJoinedHeadingChars) heading_ = JoinHeadings(heading_, heading);
    return;
  }
  parts_.push_back({std::move(heading_), std::move(text)});
  heading_ = std::move(heading);
}

// --- Lists ----------------------------------------------------------------

void TextRenderer::StartList(absl::string_view name, const std::vector<Attribute>& attributes) {
  MarkNested();
  Break(lists_.empty() ? 2 : 1);
  List list;
  list.ordered = name == "ol" || absl::EqualsIgnoreCase(FindAttribute(attributes, "listType"), "ordered");
  list.style = ListStyle(attributes);
  int start = 1;
  if (absl::SimpleAtoi(FindAttribute(attributes, "start"), &start) && start >= 0 && start < 1000000) {
    list.next = start;
  }
  lists_.push_back(list);
}

void TextRenderer::StartItem() {
  Break(1);
  if (sinks_.size() > 1 && sinks_.back().text().empty()) return;
  if (sinks_.size() > 1) {
    sink().Prefix("; ");
    return;
  }
  if (lists_.empty()) {
    sink().Prefix("- ");
    return;
  }
  List& list = lists_.back();
  std::string prefix(2 * std::min(lists_.size() - 1, kMaxIndentLevels), ' ');
  prefix += list.ordered ? absl::StrCat(FormatNumber(list.next++, list.style), ". ") : "- ";
  sink().Prefix(std::move(prefix));
}

// --- Tables ---------------------------------------------------------------

void TextRenderer::StartRow() {
  if (tables_.back().row_open) EndRow();  // a row implied by cells without <tr>
  tables_.back().row_open = true;
}

void TextRenderer::StartCell() {
  if (!tables_.back().row_open) StartRow();
  sinks_.emplace_back(/*flat=*/true);
}

void TextRenderer::EndCell() {
  std::string cell = sink().Take();
  sinks_.pop_back();
  tables_.back().row.push_back(std::move(cell));
}

void TextRenderer::EndRow() {
  Table& table = tables_.back();
  if (!table.row_open) return;
  table.row_open = false;
  std::string line = JoinCells(table.row);
  table.row.clear();
  if (line.empty()) return;
  (table.group == 1 ? table.head : table.group == 2 ? table.foot : table.body).push_back(std::move(line));
}

void TextRenderer::EndTable() {
  EndRow();
  Table table = std::move(tables_.back());
  tables_.pop_back();
  std::vector<std::string> lines;
  if (!table.caption.empty()) lines.push_back(std::move(table.caption));
  for (auto* rows : {&table.head, &table.body, &table.foot, &table.footnotes}) {
    for (std::string& row : *rows) lines.push_back(std::move(row));
  }
  PutLines(lines);
}

bool TextRenderer::CaptionBelongsToTable() const {
  if (open_roles_[static_cast<int>(Role::kTable)] == 0) return false;
  for (size_t k = open_.size(); k-- > 0;) {
    switch (open_[k].role) {
      case Role::kTable: return true;
      case Role::kRow:
      case Role::kCell:
      case Role::kList:
      case Role::kItem:
      case Role::kCaption:
      case Role::kFootnote: return false;
      default: break;
    }
  }
  return false;
}

// Lines of a table or of the footnotes: each on its own line in the
// document, joined with "; " inside a cell.
void TextRenderer::PutLines(const std::vector<std::string>& lines) {
  if (lines.empty()) return;
  if (sinks_.size() > 1) {
    sink().Space();
    PutText(absl::StrJoin(lines, "; "));
    sink().Space();
    return;
  }
  Break(2);
  for (const std::string& line : lines) {
    Break(1);
    PutText(line);
  }
  Break(2);
}

// --- Footnotes and superscripts ---------------------------------------------

void TextRenderer::StartFootnote(Open* open, const std::vector<Attribute>& attributes) {
  open->mark = static_cast<size_t>(++footnote_count_);
  const absl::string_view id = FindAttribute(attributes, "ID");
  if (!id.empty()) footnote_ids_[std::string(id)] = footnote_count_;
  PutText(absl::StrCat("[", footnote_count_, "]"));
  sinks_.emplace_back(/*flat=*/true);
}

void TextRenderer::EndFootnote(const Open& open) {
  std::string text = sink().Take();
  sinks_.pop_back();
  if (text.empty()) return;
  std::string note = absl::StrCat("[", open.mark, "] ", text);
  (tables_.empty() ? footnotes_ : tables_.back().footnotes).push_back(std::move(note));
}

void TextRenderer::EndSuperscript(const Open& open) {
  if (open.sink != sinks_.size() - 1) return;
  const std::string& text = sink().text();
  size_t pos = open.mark;
  while (pos < text.size() && absl::ascii_isspace(static_cast<unsigned char>(text[pos]))) ++pos;
  if (pos >= text.size()) return;
  const bool raised = absl::ascii_isalnum(static_cast<unsigned char>(text[pos])) || text[pos] == '-' ||
                      absl::string_view(text).substr(pos, 3) == "\u2212";
  if (raised && pos > 0) sink().Insert(pos, "^");
}

// --- Finishing --------------------------------------------------------------

void TextRenderer::CloseAll() {
  CloseFrom(0);
  Break(2);
  for (const std::string& note : footnotes_) {
    Break(1);
    PutText(note);
  }
  footnotes_.clear();
}

std::vector<TextPart> TextRenderer::FinishParts() {
  CloseAll();
  std::string text = sinks_.front().Take();
  if (!text.empty()) {
    parts_.push_back({std::move(heading_), std::move(text)});
  } else if (!heading_.empty()) {  // a last heading with nothing under it is text
    if (parts_.empty()) {
      parts_.push_back({"", std::move(heading_)});
    } else {
      absl::StrAppend(&parts_.back().text, "\n\n", heading_);
    }
  }
  heading_.clear();
  return std::move(parts_);
}

std::string TextRenderer::Finish() {
  std::vector<std::string> paragraphs;
  for (TextPart& part : FinishParts()) {
    if (!part.heading.empty()) paragraphs.push_back(std::move(part.heading));
    paragraphs.push_back(std::move(part.text));
  }
  return absl::StrJoin(paragraphs, "\n\n");
}

}  // namespace medbrief::content::importers
