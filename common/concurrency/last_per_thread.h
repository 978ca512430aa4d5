#pragma once

// The result of a pure function of a string for the last string this
// thread asked about, kept: for work that the steps of one call ask of the
// same input in turn (an answer's label search, label choice and ranking of
// each section all read the same question).
//
//   return concurrency::LastPerThread(question, [&] { return Expensive(question); });
//
// Each call site (each `make` lambda type) keeps its own last result.

#include <string>
#include <type_traits>

#include "absl/strings/string_view.h"

namespace medbrief::concurrency {

template <typename Make>
std::invoke_result_t<Make> LastPerThread(absl::string_view key, Make make) {
  thread_local bool known = false;
  thread_local std::string last_key;
  thread_local std::invoke_result_t<Make> last_value;
  if (!known || key != last_key) {
    last_value = make();
    last_key.assign(key.data(), key.size());
    known = true;
  }
  return last_value;
}

}  // namespace medbrief::concurrency
