// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// ShutdownHandlers: each handler on its own thread, waited for up to its
// deadline.

#include "core/shutdown_handlers.h"

#include <condition_variable>
#include <memory>
#include <thread>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"

namespace pm {
namespace {

// What a handler's thread shares with RunAll. Held by both through a
// shared_ptr, so an abandoned thread never writes into freed memory.
struct Outcome {
  std::mutex mu;
  std::condition_variable done_cv;
  bool done = false;
  absl::Status status;
};

ShutdownHandlerResult RunOne(const std::string& name,
                             ShutdownHandlers::Handler handler,
                             absl::Duration deadline) {
  ShutdownHandlerResult result;
  result.name = name;
  auto outcome = std::make_shared<Outcome>();
  const absl::Time start = absl::Now();
  std::thread worker([outcome, handler = std::move(handler)]() {
    absl::Status status = handler();
    std::lock_guard<std::mutex> lock(outcome->mu);
    outcome->status = std::move(status);
    outcome->done = true;
    outcome->done_cv.notify_all();
  });
  bool finished;
  {
    std::unique_lock<std::mutex> lock(outcome->mu);
    auto done = [&] { return outcome->done; };
    if (deadline == absl::InfiniteDuration()) {
      outcome->done_cv.wait(lock, done);
      finished = true;
    } else {
      finished = outcome->done_cv.wait_for(
          lock, absl::ToChronoNanoseconds(deadline), done);
    }
    if (finished) result.status = outcome->status;
  }
  result.elapsed = absl::Now() - start;
  if (finished) {
    worker.join();
  } else {
    // Why: a thread cannot be stopped from outside; the handler keeps running
    // in the background and its result is dropped.
    worker.detach();
    result.abandoned = true;
    result.status = absl::DeadlineExceededError(
        absl::StrCat("did not return within ", absl::FormatDuration(deadline),
                     " (abandoned)"));
  }
  return result;
}

}  // namespace

absl::Status ShutdownHandlers::Add(std::string name, Handler handler,
                                   absl::Duration deadline) {
  if (!handler) {
    return absl::InvalidArgumentError(
        absl::StrCat("shutdown handler '", name, "' is empty"));
  }
  if (deadline <= absl::ZeroDuration()) {
    return absl::InvalidArgumentError(
        absl::StrCat("shutdown handler '", name, "': deadline ",
                     absl::FormatDuration(deadline), " is not positive"));
  }
  std::lock_guard<std::mutex> lock(mu_);
  entries_.push_back({std::move(name), std::move(handler), deadline});
  return absl::OkStatus();
}

size_t ShutdownHandlers::size() const {
  std::lock_guard<std::mutex> lock(mu_);
  return entries_.size();
}

std::vector<ShutdownHandlerResult> ShutdownHandlers::RunAllWithResults() {
  std::vector<Entry> entries;
  {
    std::lock_guard<std::mutex> lock(mu_);
    entries.swap(entries_);
  }
  std::vector<ShutdownHandlerResult> results;
  results.reserve(entries.size());
  for (auto it = entries.rbegin(); it != entries.rend(); ++it) {
    results.push_back(RunOne(it->name, std::move(it->handler), it->deadline));
  }
  return results;
}

absl::Status ShutdownHandlers::RunAll() {
  return SummarizeShutdownResults(RunAllWithResults());
}

absl::Status SummarizeShutdownResults(
    const std::vector<ShutdownHandlerResult>& results) {
  std::vector<std::string> failures;
  absl::StatusCode code = absl::StatusCode::kOk;
  for (const ShutdownHandlerResult& r : results) {
    if (r.status.ok()) continue;
    if (code == absl::StatusCode::kOk) code = r.status.code();
    failures.push_back(absl::StrCat("'", r.name, "' ",
                                    r.abandoned ? "timed out" : "failed", ": ",
                                    r.status.ToString()));
  }
  if (failures.empty()) return absl::OkStatus();
  return absl::Status(
      code, absl::StrCat(
                failures.size(), " of ", results.size(),
                " shutdown handlers failed: ", absl::StrJoin(failures, "; ")));
}

}  // namespace pm
