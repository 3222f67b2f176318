// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// shutdown_helper: installs shutdown handlers and waits for a signal, for
// shutdown_signals_test.
//
//   shutdown_helper --out=FILE --mode=order|second
//
// Every line goes to FILE (appended, one write each). "ready" once the
// handlers are installed. --mode=order registers four handlers whose run
// order (last registered first) is: "stop-server" (writes "stop-server
// <main|worker>": the thread it runs on), "flush" (fails: INTERNAL "flush
// failed"), "upload" (writes "upload" and hangs; deadline 300 ms),
// "close-db"; the default completion then re-raises the signal. --mode=second
// registers one handler that writes "slow" and hangs with no deadline.

#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <thread>

#include "absl/status/status.h"
#include "absl/strings/strip.h"
#include "absl/time/time.h"
#include "core/shutdown_handlers.h"
#include "core/shutdown_signals.h"

namespace {

std::string g_out;

void Line(const std::string& line) {
  int fd = open(g_out.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) return;
  std::string text = line + "\n";
  ssize_t written = write(fd, text.data(), text.size());
  (void)written;
  close(fd);
}

void HangForever() {
  while (true) std::this_thread::sleep_for(std::chrono::hours(1));
}

}  // namespace

int main(int argc, char** argv) {
  std::string mode;
  for (int i = 1; i < argc; ++i) {
    absl::string_view arg = argv[i];
    if (absl::ConsumePrefix(&arg, "--out=")) g_out = std::string(arg);
    if (absl::ConsumePrefix(&arg, "--mode=")) mode = std::string(arg);
  }
  const std::thread::id main_thread = std::this_thread::get_id();
  static pm::ShutdownHandlers handlers;  // Outlives abandoned threads.
  absl::Status added;
  if (mode == "order") {
    added.Update(handlers.Add(
        "close-db",
        [] {
          Line("close-db");
          return absl::OkStatus();
        },
        absl::Seconds(30)));
    added.Update(handlers.Add(
        "upload",
        []() -> absl::Status {
          Line("upload");
          HangForever();
          return absl::OkStatus();
        },
        absl::Milliseconds(300)));
    added.Update(handlers.Add(
        "flush",
        [] {
          Line("flush");
          return absl::InternalError("flush failed");
        },
        absl::Seconds(30)));
    added.Update(handlers.Add(
        "stop-server",
        [main_thread] {
          Line(std::this_thread::get_id() == main_thread
                   ? "stop-server main"
                   : "stop-server worker");
          return absl::OkStatus();
        },
        absl::Seconds(30)));
  } else if (mode == "second") {
    added.Update(handlers.Add(
        "slow",
        []() -> absl::Status {
          Line("slow");
          HangForever();
          return absl::OkStatus();
        },
        absl::InfiniteDuration()));
  } else {
    return 2;
  }
  auto watch = pm::InstallSignalHandlers(handlers);
  if (!added.ok() || !watch.ok()) return 2;
  Line("ready");
  HangForever();
}
