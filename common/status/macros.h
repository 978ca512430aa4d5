#pragma once

// RETURN_IF_ERROR and ASSIGN_OR_RETURN: Abseil 20220623 ships neither.

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#include <utility>

#define MEDBRIEF_CONCAT_INNER(a, b) a##b
#define MEDBRIEF_CONCAT(a, b) MEDBRIEF_CONCAT_INNER(a, b)

// Returns the status of `expr` from the enclosing function when it is not OK.
#define RETURN_IF_ERROR(expr)                  \
  do {                                         \
    const ::absl::Status _medbrief_st = (expr); \
    if (!_medbrief_st.ok()) return _medbrief_st; \
  } while (false)

// `ASSIGN_OR_RETURN(T x, StatusOrExpr());` declares (or assigns) `x` from the
// value, or returns the error status from the enclosing function.
#define ASSIGN_OR_RETURN(lhs, expr) \
  MEDBRIEF_ASSIGN_OR_RETURN_IMPL(MEDBRIEF_CONCAT(_medbrief_or_, __LINE__), lhs, expr)

#define MEDBRIEF_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                                   \
  if (!tmp.ok()) return std::move(tmp).status();       \
  lhs = std::move(tmp).value()
