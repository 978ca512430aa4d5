#include "services/answer/notices.h"

namespace medbrief::answer {

std::string Disclaimer(v1::Audience audience) {
  switch (audience) {
    case v1::CLINICIAN:
      return "This information is decision support for healthcare professionals. It does not replace clinical "
             "judgement: verify it against the cited sources and current practice standards before applying it to "
             "a patient's care.";
    case v1::STUDENT:
      return "This information is for education only. It summarises published sources for study and is not a "
             "guide to treating patients.";
    case v1::CAREGIVER:
      return "This is general information, not medical advice. Talk to the care team of the person you look after "
             "before making any change to their care.";
    case v1::PATIENT:
    default:
      return "This is general information, not medical advice. Talk to your care team before making any change to "
             "your care.";
  }
}

std::string ReviewBanner(review::v1::ArticleStatus status, absl::string_view reopen_reason) {
  switch (status) {
    case review::v1::APPROVED:
      return "";
    case review::v1::SUBMITTED:
      if (!reopen_reason.empty()) {
        return "A source cited in this answer has changed; the answer is under review again by the medical "
               "advisory board.";
      }
      return "Educational purpose only: this content is pending review by the medical advisory board.";
    case review::v1::UNDER_REVIEW:
      return "Educational purpose only: this content is being reviewed by the medical advisory board.";
    case review::v1::CHANGES_REQUESTED:
      return "Educational purpose only: the medical advisory board asked for changes to this content, which is "
             "being revised.";
    case review::v1::REJECTED:
    case review::v1::RETRACTED:
      return "This answer was withdrawn by the medical advisory board and should not be used.";
    default:
      return "Educational purpose only: this content is pending review by the medical advisory board.";
  }
}

bool MayShow(review::v1::ArticleStatus status) {
  return status != review::v1::REJECTED && status != review::v1::RETRACTED;
}

}  // namespace medbrief::answer
