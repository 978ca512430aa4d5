#include "services/answer/audience.h"

#include <regex>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace medbrief::answer {
namespace {

// The numbers of a text, in order ("120", "4", "37.5").
std::vector<std::string> Numbers(const std::string& text) {
  std::vector<std::string> out;
  const std::regex number(R"(\d+(?:\.\d+)?)");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), number); it != std::sregex_iterator(); ++it) {
    out.push_back(it->str());
  }
  return out;
}

constexpr char kLabel[] =
    "The recommended dosage of lanreotide is 120 mg administered every 4 weeks by deep subcutaneous injection "
    "in adults with unresectable GEP-NETs.";
constexpr char kGuideline[] =
    "PRRT is an option for metastatic neuroendocrine tumour (NET) with hepatic metastases; sunitinib 37.5 mg "
    "daily is an alternative when the tumor grows.";

TEST(AudienceTest, ClinicianKeepsTheText) {
  AudienceWriter writer(v1::CLINICIAN);
  EXPECT_EQ(writer.Rewrite(kLabel), kLabel);
  EXPECT_EQ(writer.Rewrite(kGuideline), kGuideline);
}

TEST(AudienceTest, StudentExpandsEachAbbreviationOnce) {
  AudienceWriter writer(v1::STUDENT);
  const std::string first = writer.Rewrite(kGuideline);
  EXPECT_EQ(first,
            "PRRT (peptide receptor radionuclide therapy) is an option for metastatic neuroendocrine tumour (NET) "
            "with hepatic metastases; sunitinib 37.5 mg daily is an alternative when the tumor grows.");
  // Second use: already expanded.
  EXPECT_EQ(writer.Rewrite("PRRT needs uptake on imaging."), "PRRT needs uptake on imaging.");
  EXPECT_EQ(writer.Rewrite("GEP-NETs respond."), "GEP-NETs (gastroenteropancreatic neuroendocrine tumors) respond.");
}

TEST(AudienceTest, PatientGetsPlainWordsAndSameNumbers) {
  AudienceWriter writer(v1::PATIENT);
  const std::string label = writer.Rewrite(kLabel);
  EXPECT_EQ(label,
            "The usual dose of lanreotide is 120 mg given every 4 weeks by shot deep under the skin in adults "
            "with inoperable tumors of hormone-making cells in the gut or pancreas.");
  EXPECT_EQ(Numbers(label), Numbers(kLabel));
  const std::string guideline = writer.Rewrite(kGuideline);
  EXPECT_EQ(guideline,
            "Targeted radiation is an option for spreading tumor of hormone-making cells with "
            "tumors that have spread to the liver. Sunitinib 37.5 mg daily is an alternative when the tumor grows.");
  EXPECT_EQ(Numbers(guideline), Numbers(kGuideline));
}

TEST(AudienceTest, PatientTextDropsAbbreviationDefinitionsAndGradesButKeepsOtherParentheses) {
  AudienceWriter writer(v1::PATIENT);
  EXPECT_EQ(writer.Rewrite("Neuroendocrine liver metastases (NELMs) are common (Level IV, Grade B)."),
            "Neuroendocrine tumors that have spread to the liver are common.");
  EXPECT_EQ(writer.Rewrite("Imaging uses (68Ga) tracers (PET/CT) often."), "Imaging uses (68Ga) tracers often.");
  EXPECT_EQ(writer.Rewrite("A triptan is recommended (grade A), then rest (strong recommendation)."),
            "A triptan is recommended, then rest.");
  // A toxicity's or a tumour's grade says something; so does any other aside.
  EXPECT_EQ(writer.Rewrite("Rash (grade 3 or 4) was rare (about 2%)."), "Rash (grade 3 or 4) was rare (about 2%).");
  EXPECT_EQ(writer.Rewrite("Tumours (grade II) and others (low grade) grow slowly."),
            "Tumours (grade II) and others (low grade) grow slowly.");
  EXPECT_EQ(writer.Rewrite("Check (a) the pulse and (b) the blood pressure daily."),
            "Check (a) the pulse and (b) the blood pressure daily.");
  EXPECT_EQ(writer.Rewrite("Scans (level with the liver) are read."), "Scans (level with the liver) are read.");
  EXPECT_EQ(writer.Rewrite("Levothyroxine is used (strong recommendation, moderate quality evidence)."),
            "Levothyroxine is used.");
}

TEST(AudienceTest, ClinicianKeepsEvidenceGrades) {
  AudienceWriter writer(v1::CLINICIAN);
  EXPECT_EQ(writer.Rewrite("Everolimus is an option (Level I, Grade A)."), "Everolimus is an option (Level I, Grade A).");
}

TEST(AudienceTest, PatientSentencesAreCutBetweenClauses) {
  AudienceWriter writer(v1::PATIENT);
  EXPECT_EQ(writer.Rewrite("Surgery is linked to longer survival, but the benefit has not been proven."),
            "Surgery is linked to longer survival. But the benefit has not been proven.");
  EXPECT_EQ(writer.Rewrite("Scans are done every 3 months; blood tests are done every 6 months; done."),
            "Scans are done every 3 months. Blood tests are done every 6 months; done.");
  EXPECT_EQ(writer.Rewrite("Scans are repeated every 3 months, and the dose is lowered if counts fall."),
            "Scans are repeated every 3 months. And the dose is lowered if counts fall.");
  // "; for ..." continues a list of phrases.
  EXPECT_EQ(writer.Rewrite("Sunitinib is approved for stromal tumours after imatinib; for advanced kidney cancer; "
                           "and for pancreatic tumours that grow."),
            "Sunitinib is approved for stromal tumours after imatinib; for advanced kidney cancer; "
            "and for pancreatic tumours that grow.");
  // A single "; in ..." starts a clause.
  EXPECT_EQ(writer.Rewrite("Lanreotide is also used for the syndrome; in people with it, rescue doses are fewer."),
            "Lanreotide is also used for the syndrome. In people with it, rescue doses are fewer.");
  // ", and" ending a list is not a clause boundary.
  EXPECT_EQ(writer.Rewrite("Side effects were pain, fever, and nausea after every single dose."),
            "Side effects were pain, fever, and nausea after every single dose.");
  // Too short to stand alone: kept.
  EXPECT_EQ(writer.Rewrite("Short, but fine."), "Short, but fine.");
}

TEST(AudienceTest, DosingShorthandAndMarkersAreNeverTouched) {
  for (v1::Audience audience : {v1::PATIENT, v1::CAREGIVER, v1::STUDENT, v1::CLINICIAN}) {
    AudienceWriter writer(audience);
    const std::string out = writer.Rewrite("Octreotide LAR 30 mg q4w [2] is given IM; see [3] for details of it.");
    EXPECT_THAT(out, ::testing::HasSubstr("30 mg q4w [2]")) << audience;
    EXPECT_THAT(out, ::testing::HasSubstr("[3]")) << audience;
  }
}

TEST(AudienceTest, AdaptToAudienceKeepsClaimsAsFound) {
  Draft draft;
  draft.sections.push_back({v1::GUIDELINES, {{"", kGuideline, "p1", "s1", ""}}, {{"", kLabel, "p2", "s2", ""}}});
  AdaptToAudience(v1::PATIENT, &draft);
  EXPECT_EQ(draft.sections[0].summary[0].claim, kGuideline);
  EXPECT_NE(draft.sections[0].summary[0].text, kGuideline);
  EXPECT_EQ(draft.sections[0].key_points[0].claim, kLabel);
  EXPECT_THAT(draft.sections[0].key_points[0].text, ::testing::HasSubstr("under the skin"));
}

}  // namespace
}  // namespace medbrief::answer
