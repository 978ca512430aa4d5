#pragma once

// The fixed texts shown with an answer: the disclaimer for its audience and
// the review banner for its review state.

#include <string>

#include "absl/strings/string_view.h"
#include "medbrief/answer/v1/answer.pb.h"
#include "medbrief/review/v1/review.pb.h"

namespace medbrief::answer {

// CLINICIAN: decision support, not a substitute for clinical judgement;
// PATIENT and CAREGIVER: plain words, talk to the care team; STUDENT:
// educational. AUDIENCE_UNSPECIFIED gets the patient text (the safest).
std::string Disclaimer(v1::Audience audience);

// The banner of ReviewState.banner: empty when APPROVED; otherwise a line
// saying the content is not (or no longer) approved:
//   SUBMITTED, UNDER_REVIEW   pending review by the medical advisory board
//   SUBMITTED with reopen_reason (an approved answer re-opened)
//                             a cited source changed; under review again
//   CHANGES_REQUESTED         being revised after review
//   REJECTED, RETRACTED       must not be shown; the text says it was
//                             withdrawn, for a caller that shows it anyway
//   ARTICLE_STATUS_UNSPECIFIED (state unknown) the pending banner
std::string ReviewBanner(review::v1::ArticleStatus status, absl::string_view reopen_reason = "");

// Whether an answer in this review state may be shown to a user (false for
// REJECTED and RETRACTED).
bool MayShow(review::v1::ArticleStatus status);

}  // namespace medbrief::answer
