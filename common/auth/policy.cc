#include "common/auth/policy.h"

#include <initializer_list>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace medbrief::auth {
namespace {

using Roles = std::vector<std::string>;

const absl::flat_hash_map<std::string, Roles>& Table() {
  static const auto* const kTable = [] {
    const Roles reads = {kReader, kAuthor, kReviewer, kService};
    auto* table = new absl::flat_hash_map<std::string, Roles>;
    const auto add = [&](const char* service, std::initializer_list<const char*> methods, const Roles& roles) {
      for (const char* method : methods) (*table)[absl::StrCat("/", service, "/", method)] = roles;
    };
    const char* content = "medbrief.content.v1.ContentService";
    add(content, {"CreateSource", "ImportSources", "UpdateSourceStatus"}, {});
    add(content, {"GetSource", "ListSources", "GetPassage", "Search", "WatchSourceEvents"}, reads);
    const char* citation = "medbrief.citation.v1.CitationService";
    add(citation, {"RegisterCitations"}, {kService, kAuthor});
    add(citation, {"ListCitations", "FormatReference", "CheckSupport", "ListCitingAnswers"}, reads);
    const char* review = "medbrief.review.v1.ReviewService";
    add(review, {"CreateReviewer"}, {});
    add(review, {"SubmitArticle", "ResubmitArticle"}, {kService, kAuthor});
    add(review, {"ClaimReview", "AddComment", "Decide"}, {kReviewer});
    add(review, {"ReopenArticle"}, {kService});
    // A retraction is a review decision; no medbrief service retracts
    // (citation re-opens, DESIGN.md), so the service role may not.
    add(review, {"RetractArticle"}, {kReviewer});
    add(review, {"GetArticle", "GetArticleByAnswer", "ListArticles", "ListAuditEvents", "ListComments",
                 "WatchArticles"},
        reads);
    const char* answer = "medbrief.answer.v1.AnswerService";
    add(answer, {"Ask", "AskStream", "GetAnswer", "ListAnswers"}, reads);
    return table;
  }();
  return *kTable;
}

}  // namespace

bool IsPublicMethod(absl::string_view method) {
  return absl::StartsWith(method, "/grpc.health.v1.Health/") ||
         absl::StartsWith(method, "/grpc.reflection.v1alpha.ServerReflection/");
}

absl::Status Authorize(const Principal& principal, absl::string_view method) {
  if (IsPublicMethod(method)) return absl::OkStatus();
  auto it = Table().find(method);
  if (it == Table().end()) return absl::PermissionDeniedError(absl::StrCat("no role may call ", method));
  if (principal.HasRole(kAdmin)) return absl::OkStatus();
  for (const std::string& role : it->second) {
    if (principal.HasRole(role)) return absl::OkStatus();
  }
  if (it->second.empty()) return absl::PermissionDeniedError(absl::StrCat(method, " needs the role admin"));
  return absl::PermissionDeniedError(
      absl::StrCat(method, " needs the role ", absl::StrJoin(it->second, " or "), " (or admin)"));
}

}  // namespace medbrief::auth
