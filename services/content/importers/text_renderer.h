#pragma once

// Markup to plain text, the layout every importer's section text follows:
// - whitespace collapsed, no markup, entities decoded, valid UTF-8 without
//   control characters;
// - paragraphs separated by a blank line ("\n\n"), <br> a single "\n";
// - list items each on their own line, "- " for unordered lists and "1. "
//   (or "a. ", "i. " as the list asks) for ordered ones; nested lists are
//   indented by two spaces per level (up to 8 levels);
// - tables one line per row, cells joined with " | ", header rows first,
//   then body and footer rows; the caption on a line before them;
// - footnotes as "[n]" where they are referenced and "[n] text" after the
//   table (or at the end of the text);
// - a line starting with a bullet character ("•", "▪", ...) starts with "- ";
// - a superscript starting with a letter, digit or minus gets a caret
//   ("10^9", "m^2", "weeks^a"; "Brand®" and "CD4+" stay as they are).

#include <cstddef>
#include <initializer_list>
#include <map>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"

namespace medbrief::content::importers {

struct Attribute {
  std::string name;
  std::string value;  // entities decoded
};

// A run of text under one heading (see RenderOptions::split_at_headings).
struct TextPart {
  std::string heading;
  std::string text;
};

struct RenderOptions {
  // Newlines in text are line breaks (one) or paragraph breaks (two or more)
  // rather than plain whitespace: for text that is mostly plain already.
  bool newlines_are_breaks = false;
  // A paragraph made only of bold or heading text (<h1>..<h6>, <strong>,
  // <b>), outside lists and tables, starts a new part headed by that text.
  bool split_at_headings = false;
};

// Builds plain text from start/end/text events in document order, as an XML
// walk or the HTML tokenizer produce them. Element names are matched without
// namespace prefix and case-insensitively, so HTML and the HL7 SPL vocabulary
// (<paragraph>, <list listType="ordered">, <item>, <content>, <footnote>,
// <footnoteRef>, ...) are both understood; unknown elements are inline.
// Tolerant like an HTML parser: an end tag with no open element is ignored,
// an end tag closes the elements opened after its own, <li>, <td>, <tr> and
// <p> close an open one of their kind, and Finish() closes the rest.
class TextRenderer {
 public:
  explicit TextRenderer(RenderOptions options = {});

  void Start(absl::string_view tag, const std::vector<Attribute>& attributes);
  void End(absl::string_view tag);
  void Text(absl::string_view text);

  // All the text (parts joined, each heading a paragraph of its own).
  std::string Finish();
  // The parts in order. The first part's heading is empty unless the text
  // starts with a heading; consecutive headings with no text between are
  // joined with " > ".
  std::vector<TextPart> FinishParts();

 private:
  enum class Role {
    kInline, kBlock, kHeading, kBold, kBreak, kRule, kImage, kList, kItem, kTable, kRowGroup, kRow,
    kCell, kCaption, kFootnote, kFootnoteRef, kSuperscript, kSkip, kVoid
  };

  // Where text goes: the document, or a table cell, caption or footnote
  // (flat: breaks become spaces, list items are joined with "; ").
  class Sink {
   public:
    explicit Sink(bool flat) : flat_(flat) {}
    void Space() { space_ = true; }
    void Break(int level);
    void Prefix(std::string prefix) { prefix_ = std::move(prefix); }
    void Put(absl::string_view text);  // after any pending space, break, prefix
    const std::string& text() const { return out_; }
    void Insert(size_t pos, absl::string_view text) { out_.insert(pos, text.data(), text.size()); }
    void Truncate(size_t size);
    std::string Take();

   private:
    void Flush();
    bool flat_;
    std::string out_;
    int break_ = 0;
    bool space_ = false;
    std::string prefix_;
    size_t line_start_ = 0;  // where the current line's text starts (after a list prefix)
    bool listed_ = false;    // the current line has a list prefix
  };

  struct Open {
    std::string name;
    Role role;
    size_t sink = 0;  // index of the sink when it opened
    size_t mark = 0;  // superscript: where its text starts; footnote: its number
  };
  struct List {
    bool ordered = false;
    char style = '1';  // '1', 'a', 'A', 'i', 'I'
    int next = 1;
  };
  struct Table {
    std::string caption;
    std::vector<std::string> head, body, foot, footnotes;
    std::vector<std::string> row;
    bool row_open = false;
    int group = 0;  // 0 body, 1 head, 2 foot
  };
  struct Block {
    size_t start = 0;
    bool eligible = false;  // could be a heading: top level, outside lists and tables
    bool plain = false;     // has text that is not bold
    bool bold = false;      // has bold text
    bool nested = false;    // contains another block, list or table
  };

  static constexpr int kRoleCount = static_cast<int>(Role::kVoid) + 1;

  static Role RoleOf(absl::string_view name);
  // The open-element stack, with counts so that searching it for something
  // that is not there costs nothing (hostile input cannot make it quadratic).
  void Push(Open open);
  Open Pop();
  int& OpenCount(Role role) { return open_roles_[static_cast<int>(role)]; }
  Sink& sink() { return sinks_.back(); }
  void Break(int level);
  void PutText(absl::string_view text);
  void CloseFrom(size_t index);
  // Closes the innermost open `role` unless an element of `scope` comes first.
  void CloseInScope(Role role, std::initializer_list<Role> scope);
  void CloseOpenParagraph();
  void OnStart(Open* open, const std::vector<Attribute>& attributes);
  void OnEnd(const Open& open);
  void StartBlock();
  void EndBlock();
  void MarkNested();
  void StartList(absl::string_view name, const std::vector<Attribute>& attributes);
  void StartItem();
  void StartRow();
  void StartCell();
  void EndCell();
  void EndRow();
  void EndTable();
  bool CaptionBelongsToTable() const;
  void StartFootnote(Open* open, const std::vector<Attribute>& attributes);
  void EndFootnote(const Open& open);
  void EndSuperscript(const Open& open);
  void PutLines(const std::vector<std::string>& lines);
  void StartPart(std::string heading);
  void CloseAll();

  RenderOptions options_;
  std::vector<Sink> sinks_;
  std::vector<Open> open_;
  absl::flat_hash_map<std::string, int> open_names_;
  int open_roles_[kRoleCount] = {};
  std::vector<List> lists_;
  std::vector<Table> tables_;
  std::vector<Block> blocks_;
  std::vector<TextPart> parts_;
  std::string heading_;                 // of the part being written
  std::vector<std::string> footnotes_;  // outside tables, for the end
  std::map<std::string, int> footnote_ids_;
  int footnote_count_ = 0;
  int bold_depth_ = 0;
  int skip_depth_ = 0;
};

}  // namespace medbrief::content::importers
