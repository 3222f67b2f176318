// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// instance_lock_helper: requests the single-instance lock and reports on
// stdout, for instance_lock_test.
//
//   instance_lock_helper --state_dir=DIR --app=NAME [--events=FILE]
//                        [--reply=TEXT] [--cwd=DIR] [ARG...]
//
// First instance: prints "acquired pid=<pid>", appends one line per second
// instance to FILE ("pid=<pid> cwd=<cwd> argv=<arg>|<arg>|..."), replies TEXT,
// and waits to be killed. Second instance (its whole argv is what it sends):
// prints "refused holder=<pid> reply=<reply>" (or the errors instead of the
// values) and exits 1. Exits 2 on errors, with the reason on stderr.

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "core/backend.h"
#include "core/instance_lock.h"
#include "core/local_system.h"

namespace {

void AppendLine(const std::string& path, const std::string& line) {
  int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (fd < 0) return;
  std::string text = line + "\n";
  ssize_t written = write(fd, text.data(), text.size());
  (void)written;
  close(fd);
}

void Print(const std::string& line) {
  std::string text = line + "\n";
  ssize_t written = write(STDOUT_FILENO, text.data(), text.size());
  (void)written;
}

}  // namespace

int main(int argc, char** argv) {
  pm::InstanceLockOptions options;
  options.notify_timeout = absl::Seconds(30);
  std::string events;
  std::string reply;
  for (int i = 1; i < argc; ++i) {
    absl::string_view arg = argv[i];
    if (absl::ConsumePrefix(&arg, "--state_dir=")) {
      options.state_dir = std::string(arg);
    } else if (absl::ConsumePrefix(&arg, "--app=")) {
      options.app_name = std::string(arg);
    } else if (absl::ConsumePrefix(&arg, "--events=")) {
      events = std::string(arg);
    } else if (absl::ConsumePrefix(&arg, "--reply=")) {
      reply = std::string(arg);
    } else if (absl::ConsumePrefix(&arg, "--cwd=")) {
      if (chdir(std::string(arg).c_str()) != 0) return 2;
    }
  }
  options.on_second_instance = [events,
                                reply](const pm::SecondInstanceRequest& r) {
    if (!events.empty()) {
      AppendLine(events, absl::StrCat("pid=", r.pid, " cwd=", r.cwd,
                                      " argv=", absl::StrJoin(r.argv, "|")));
    }
    return reply;
  };

  auto backend = pm::CreateDefaultBackend();
  auto system = pm::CreateDefaultLocalSystem();
  if (!backend.ok() || !system.ok()) {
    std::fprintf(stderr, "instance_lock_helper: no backend or local system\n");
    return 2;
  }
  absl::StatusOr<pm::SingleInstanceResult> result =
      pm::RequestSingleInstanceLock(
          **system, (*backend)->processes(), options,
          std::vector<std::string>(argv, argv + argc));
  if (!result.ok()) {
    std::fprintf(stderr, "instance_lock_helper: %s\n",
                 result.status().ToString().c_str());
    return 2;
  }
  if (result->acquired()) {
    Print(absl::StrCat("acquired pid=", getpid()));
    while (true) pause();
  }
  Print(absl::StrCat(
      "refused holder=",
      result->holder.ok() ? absl::StrCat(result->holder->pid)
                          : result->holder.status().ToString(),
      " reply=",
      result->reply.ok() ? *result->reply : result->reply.status().ToString()));
  return 1;
}
