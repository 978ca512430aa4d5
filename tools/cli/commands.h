#pragma once

// The CLI's answer and review commands; each takes main's argv (argv[1] is
// the command) and returns the exit code (2: usage).

namespace medbrief::cli {

int Ask(int argc, char** argv);
int Show(int argc, char** argv);
int ListAnswers(int argc, char** argv);
int CreateReviewer(int argc, char** argv);
int Queue(int argc, char** argv);
int Claim(int argc, char** argv);
int Comment(int argc, char** argv);
int Decide(int argc, char** argv);

}  // namespace medbrief::cli
