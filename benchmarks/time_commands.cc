// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// time_commands: runs commands in alternation and prints the median wall time
// of each, process start to exit (posix_spawn to waitpid), for compare.sh.
//
// Each command is one argument "LABEL=PROGRAM ARG ARG...", split on spaces (no
// shell, no quoting). Every round runs each command once, starting one command
// later than the round before, so no command always follows the same one. A
// first, unrecorded round warms the caches. stdout and stderr go to /dev/null.
//
// Prints one line per command, in the order given:
//   LABEL median_ms p25_ms p75_ms min_ms rounds failures
// where failures counts runs that did not exit 0.
//
// Example:
//   time_commands --rounds=15 "ss=/usr/bin/ss -ltnpH sport = :8080"
//       "pm=bazel-bin/cli/pm who 8080"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

extern char** environ;

namespace pm::bench {
namespace {

struct Command {
  std::string label;
  std::vector<std::string> argv;
  std::vector<double> millis;
  int failures = 0;
};

double NowMillis() {
  timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return static_cast<double>(now.tv_sec) * 1e3 +
         static_cast<double>(now.tv_nsec) / 1e6;
}

// Runs `command` once; returns its wall time in ms, or -1 if it did not exit 0.
double RunOnce(const Command& command,
               const posix_spawn_file_actions_t* actions) {
  std::vector<char*> argv;
  for (const std::string& arg : command.argv) {
    argv.push_back(const_cast<char*>(arg.c_str()));
  }
  argv.push_back(nullptr);
  const double start = NowMillis();
  pid_t pid;
  if (posix_spawnp(&pid, argv[0], actions, nullptr, argv.data(), environ) !=
      0) {
    return -1;
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
  }
  const double elapsed = NowMillis() - start;
  return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? elapsed : -1;
}

double Percentile(std::vector<double> values, double fraction) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const size_t index = static_cast<size_t>(
      fraction * static_cast<double>(values.size() - 1) + 0.5);
  return values[std::min(index, values.size() - 1)];
}

int Main(int argc, char** argv) {
  int rounds = 11;
  std::vector<Command> commands;
  for (int i = 1; i < argc; ++i) {
    if (std::strncmp(argv[i], "--rounds=", 9) == 0) {
      rounds = std::atoi(argv[i] + 9);
      continue;
    }
    const char* equals = std::strchr(argv[i], '=');
    if (equals == nullptr) {
      std::fprintf(stderr, "time_commands: expected LABEL=COMMAND, got '%s'\n",
                   argv[i]);
      return 2;
    }
    Command command;
    command.label.assign(argv[i], static_cast<size_t>(equals - argv[i]));
    std::string word;
    for (const char* p = equals + 1;; ++p) {
      if (*p == ' ' || *p == '\0') {
        if (!word.empty()) command.argv.push_back(word);
        word.clear();
        if (*p == '\0') break;
      } else {
        word += *p;
      }
    }
    if (command.argv.empty()) {
      std::fprintf(stderr, "time_commands: empty command for %s\n",
                   command.label.c_str());
      return 2;
    }
    commands.push_back(std::move(command));
  }
  if (commands.empty() || rounds < 1) {
    std::fprintf(stderr,
                 "usage: time_commands [--rounds=N] LABEL=COMMAND...\n");
    return 2;
  }

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);

  const size_t n = commands.size();
  for (int round = -1; round < rounds; ++round) {  // Round -1 warms up.
    for (size_t k = 0; k < n; ++k) {
      Command& command = commands[(k + static_cast<size_t>(round + 1)) % n];
      const double millis = RunOnce(command, &actions);
      if (round < 0) continue;
      if (millis < 0) {
        ++command.failures;
      } else {
        command.millis.push_back(millis);
      }
    }
  }
  posix_spawn_file_actions_destroy(&actions);

  for (const Command& c : commands) {
    std::printf("%s %.3f %.3f %.3f %.3f %zu %d\n", c.label.c_str(),
                Percentile(c.millis, 0.5), Percentile(c.millis, 0.25),
                Percentile(c.millis, 0.75), Percentile(c.millis, 0.0),
                c.millis.size(), c.failures);
  }
  return 0;
}

}  // namespace
}  // namespace pm::bench

int main(int argc, char** argv) { return pm::bench::Main(argc, argv); }
