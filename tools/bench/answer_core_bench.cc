// CPU time of the answer core per Ask: DraftAnswer + FinishAnswer for each
// question and audience, single-threaded, in process. The evidence is what
// the pipeline would get: the corpus in the content search index, the
// question's search_query searched once per section kind (top 20 each).
// Searching is not timed; only the core is.
//
//   medbrief-answer-core-bench [--corpus [jsonl|spl|ngc:]PATH]...
//                              [--questions tools/eval/questions.jsonl] [--repeat 30] [--cold]
//
// --corpus may be given several times (a directory: all files under it); without
// it, tools/sample-corpus/sources.jsonl. tools/bench/run_answer_core_bench.sh
// runs it on ../shared/data as the answer benchmark loads it.
//
// The core remembers what it read in a passage (passage_analysis.h), so
// passages seen before cost less; --cold forgets them before every call, as
// for a question whose passages were never seen.
//
// The questions are those of --questions plus tools/run-local.sh's sample
// question, each asked for all four audiences (a question's own audience in
// the file is ignored). After one warm-up pass, every (question, audience)
// runs --repeat times. Prints µs per call per audience and overall: wall
// time (mean, p50, p99) and the thread's CPU time (mean, p99), which other
// work on the machine disturbs less; then one JSON line.
//
// Under `valgrind --tool=callgrind --instr-atstart=no` only the measured
// calls are counted: instrumentation starts after the warm-up pass, so the
// instructions divided by the "calls" of the JSON line are a steady-state
// Ask's, and loading the corpus runs uninstrumented (fast).

#include <time.h>

#include <cstdio>
#include <string>
#include <vector>

#if __has_include(<valgrind/callgrind.h>)
#include <valgrind/callgrind.h>
#else
#define CALLGRIND_START_INSTRUMENTATION
#define CALLGRIND_STOP_INSTRUMENTATION
#endif

#include "absl/strings/numbers.h"
#include "absl/time/clock.h"
#include "services/answer/assemble.h"
#include "services/answer/passage_analysis.h"
#include "tools/bench/answer_evidence.h"
#include "tools/bench/questions.h"
#include "tools/bench/stats.h"

namespace medbrief::bench {
namespace {

namespace av1 = answer::v1;

constexpr char kSampleQuestion[] =
    "best approach for a metastatic neuroendocrine tumour in the tail of the pancreas with liver metastasis";
constexpr av1::Audience kAudiences[] = {av1::CLINICIAN, av1::STUDENT, av1::PATIENT, av1::CAREGIVER};

double ThreadCpuMicros() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e6 + static_cast<double>(ts.tv_nsec) / 1e3;
}

struct Timing {
  double wall_us = 0;
  double cpu_us = 0;
};

// One DraftAnswer + FinishAnswer; `sections` counts the output so that the
// work cannot be optimised away.
Timing TimeOnce(const answer::AnswerInput& input, bool cold, size_t* sections) {
  if (cold) {
    answer::ForgetPassageAnalyses();
  }
  const absl::Time start = absl::Now();
  const double cpu_start = ThreadCpuMicros();
  const answer::AnswerDraft draft = answer::DraftAnswer(input);
  absl::StatusOr<av1::Answer> answer = answer::FinishAnswer(draft, answer::NumberByFirstUse(draft.draft));
  const Timing timing{absl::ToDoubleMicroseconds(absl::Now() - start), ThreadCpuMicros() - cpu_start};
  *sections += answer.ok() ? static_cast<size_t>(answer->sections_size()) : 0;
  return timing;
}

struct Series {
  std::vector<double> wall;
  std::vector<double> cpu;
};

double Mean(const std::vector<double>& values) {
  double total = 0;
  for (double v : values) {
    total += v;
  }
  return values.empty() ? 0 : total / static_cast<double>(values.size());
}

int Run(int argc, char** argv) {
  std::vector<std::string> corpora;
  std::string questions_path = "tools/eval/questions.jsonl";
  int repeat = 30;
  bool cold = false;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (flag == "--cold") {
      cold = true;
      continue;
    }
    const std::string value = i + 1 < argc ? argv[++i] : "";
    if (flag == "--corpus" && !value.empty()) {
      corpora.push_back(value);
    } else if (flag == "--questions" && !value.empty()) {
      questions_path = value;
    } else if (flag == "--repeat" && absl::SimpleAtoi(value, &repeat) && repeat > 0) {
    } else {
      std::fprintf(stderr, "unknown or malformed flag %s\n", flag.c_str());
      return 2;
    }
  }
  if (corpora.empty()) corpora.push_back("tools/sample-corpus/sources.jsonl");
  absl::StatusOr<std::unique_ptr<EvidenceIndex>> index = EvidenceIndex::Load(corpora);
  if (!index.ok()) {
    std::fprintf(stderr, "%s\n", index.status().ToString().c_str());
    return 1;
  }
  absl::StatusOr<std::vector<Question>> questions = ReadQuestions(questions_path);
  if (!questions.ok()) {
    std::fprintf(stderr, "%s\n", questions.status().ToString().c_str());
    return 1;
  }
  std::vector<std::string> texts = {kSampleQuestion};
  for (const Question& q : *questions) {
    texts.push_back(q.question);
  }
  std::vector<answer::AnswerInput> inputs;
  size_t hits = 0;
  for (av1::Audience audience : kAudiences) {
    for (const std::string& text : texts) {
      inputs.push_back((*index)->Input(text, audience));
      hits += inputs.back().hits.size();
    }
  }

  size_t sections = 0;
  for (const answer::AnswerInput& input : inputs) {
    TimeOnce(input, cold, &sections);  // warm-up
  }
  CALLGRIND_START_INSTRUMENTATION;
  Series all;
  Series by_audience[std::size(kAudiences)];
  for (int r = 0; r < repeat; ++r) {
    for (size_t i = 0; i < inputs.size(); ++i) {
      const Timing t = TimeOnce(inputs[i], cold, &sections);
      for (Series* s : {&all, &by_audience[i / texts.size()]}) {
        s->wall.push_back(t.wall_us);
        s->cpu.push_back(t.cpu_us);
      }
    }
  }
  CALLGRIND_STOP_INSTRUMENTATION;
  const auto print = [](const char* name, const Series& s) {
    std::printf("%-10s %10.0f %10.0f %10.0f %10.0f %10.0f\n", name, Mean(s.wall), Percentile(s.wall, 0.5),
                Percentile(s.wall, 0.99), Mean(s.cpu), Percentile(s.cpu, 0.99));
  };
  std::printf("%-10s %10s %10s %10s %10s %10s\n", "audience", "mean_us", "p50_us", "p99_us", "cpu_mean", "cpu_p99");
  for (size_t a = 0; a < std::size(kAudiences); ++a) {
    print(av1::Audience_Name(kAudiences[a]).c_str(), by_audience[a]);
  }
  print("all", all);
  std::printf("{\"cold\":%s,\"questions\":%zu,\"audiences\":%zu,\"repeat\":%d,\"calls\":%zu,\"hits_per_call\":%.1f,"
              "\"mean_us\":%.1f,\"p50_us\":%.1f,\"p99_us\":%.1f,\"cpu_mean_us\":%.1f,\"cpu_p99_us\":%.1f,"
              "\"sections\":%zu}\n",
              cold ? "true" : "false", texts.size(), std::size(kAudiences), repeat, all.wall.size(),
              static_cast<double>(hits) / static_cast<double>(inputs.size()), Mean(all.wall),
              Percentile(all.wall, 0.5), Percentile(all.wall, 0.99), Mean(all.cpu), Percentile(all.cpu, 0.99),
              sections);
  return 0;
}

}  // namespace
}  // namespace medbrief::bench

int main(int argc, char** argv) { return medbrief::bench::Run(argc, argv); }
