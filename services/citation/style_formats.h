#pragma once

// One function per reference style (internal; styles.h is the interface).
// Each lays out the three kinds of source: journal articles (research, and
// guidelines published in a journal), guidelines, drug labels. Fields a
// source lacks are left out with their punctuation.

#include <string>

#include "services/citation/reference.h"

namespace medbrief::citation::style {

std::string Ama(const Reference& ref);
std::string Vancouver(const Reference& ref);
std::string Apa(const Reference& ref);
std::string CslJson(const Reference& ref);
std::string Bibtex(const Reference& ref);
std::string Ris(const Reference& ref);

}  // namespace medbrief::citation::style
