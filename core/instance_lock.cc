// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// RequestSingleInstanceLock and GetInstanceLockStatus over LocalSystem.

#include "core/instance_lock.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "core/status_macros.h"

namespace pm {
namespace {

// How long a second instance waits between attempts while the first one is
// not listening yet.
constexpr absl::Duration kRetryInterval = absl::Milliseconds(20);
constexpr size_t kMaxRecordBytes = 4096;

// Answers one channel request with the application's handler.
std::string Dispatch(const SecondInstanceHandler& handler,
                     const std::string& data) {
  absl::StatusOr<SecondInstanceRequest> request =
      DecodeSecondInstanceRequest(data);
  // Why: a malformed request (not from pm) gets an empty reply and never
  // reaches the application.
  if (!request.ok() || !handler) return "";
  return handler(*request);
}

// This process as the lock's holder.
absl::StatusOr<LockHolder> MakeHolder(LocalSystem& system,
                                      ProcessDiscovery& discovery,
                                      const std::string& app) {
  PM_ASSIGN_OR_RETURN(ProcessInfo self,
                      discovery.GetProcess(system.CurrentPid()));
  LockHolder holder;
  holder.pid = self.pid;
  holder.start_token = self.start_token;
  holder.start_time = self.start_time;
  holder.host = system.HostName().value_or("");
  holder.app = app;
  return holder;
}

}  // namespace

absl::StatusOr<InstanceLockPaths> ResolveInstanceLockPaths(
    LocalSystem& system, absl::string_view app_name,
    const std::string& state_dir) {
  PM_RETURN_IF_ERROR(ValidateAppName(app_name));
  InstanceLockPaths paths;
  if (state_dir.empty()) {
    PM_ASSIGN_OR_RETURN(paths.dir, system.DefaultStateDirectory());
  } else {
    PM_RETURN_IF_ERROR(system.EnsurePrivateDirectory(state_dir));
    paths.dir = state_dir;
  }
  paths.lock_file = absl::StrCat(paths.dir, "/", app_name, ".lock");
  paths.socket = absl::StrCat(paths.dir, "/", app_name, ".sock");
  return paths;
}

InstanceLock::~InstanceLock() {
  listener_.reset();
  if (lock_ != nullptr) lock_->WriteContents("").IgnoreError();
  lock_.reset();
}

absl::StatusOr<SingleInstanceResult> RequestSingleInstanceLock(
    LocalSystem& system, ProcessDiscovery& discovery,
    const InstanceLockOptions& options, std::vector<std::string> argv) {
  PM_ASSIGN_OR_RETURN(
      InstanceLockPaths paths,
      ResolveInstanceLockPaths(system, options.app_name, options.state_dir));
  SecondInstanceRequest request;
  request.pid = system.CurrentPid();
  request.cwd = system.CurrentDirectory().value_or("");
  request.argv = std::move(argv);
  const std::string encoded = EncodeSecondInstanceRequest(request);
  const absl::Time deadline = absl::Now() + options.notify_timeout;

  SingleInstanceResult result;
  while (true) {
    absl::StatusOr<std::unique_ptr<HeldFileLock>> file =
        system.TryLockFile(paths.lock_file);
    if (file.ok()) {
      // The first instance. On an error below, ~InstanceLock clears the
      // record and releases the lock.
      std::unique_ptr<InstanceLock> lock(new InstanceLock());
      lock->paths_ = paths;
      lock->lock_ = *std::move(file);
      PM_ASSIGN_OR_RETURN(lock->holder_,
                          MakeHolder(system, discovery, options.app_name));
      PM_RETURN_IF_ERROR(
          lock->lock_->WriteContents(FormatLockRecord(lock->holder_)));
      SecondInstanceHandler handler = options.on_second_instance;
      PM_ASSIGN_OR_RETURN(
          lock->listener_,
          system.Listen(paths.socket, [handler](const std::string& data) {
            return Dispatch(handler, data);
          }));
      result.lock = std::move(lock);
      return result;
    }
    if (!absl::IsUnavailable(file.status())) return file.status();

    absl::Duration left = deadline - absl::Now();
    result.reply = system.Call(paths.socket, encoded,
                               std::max(left, absl::ZeroDuration()));
    bool not_listening = absl::IsNotFound(result.reply.status()) ||
                         absl::IsUnavailable(result.reply.status());
    if (!not_listening || absl::Now() + kRetryInterval >= deadline) break;
    absl::SleepFor(kRetryInterval);
  }
  absl::StatusOr<std::string> text =
      system.ReadFile(paths.lock_file, kMaxRecordBytes);
  result.holder = text.ok() ? ParseLockRecord(*text, paths.lock_file)
                            : absl::StatusOr<LockHolder>(text.status());
  return result;
}

absl::string_view LockStateName(LockState state) {
  switch (state) {
    case LockState::kFree:
      return "free";
    case LockState::kHeld:
      return "held";
    case LockState::kStale:
      return "stale";
  }
  return "unknown";
}

absl::StatusOr<InstanceLockStatus> GetInstanceLockStatus(
    LocalSystem& system, ProcessDiscovery& discovery,
    absl::string_view app_name, const std::string& state_dir) {
  InstanceLockStatus status;
  PM_ASSIGN_OR_RETURN(status.paths,
                      ResolveInstanceLockPaths(system, app_name, state_dir));
  absl::StatusOr<std::string> text =
      system.ReadFile(status.paths.lock_file, kMaxRecordBytes);
  if (absl::IsNotFound(text.status())) return status;
  if (!text.ok()) return text.status();
  absl::StatusOr<LockHolder> holder =
      ParseLockRecord(*text, status.paths.lock_file);
  if (absl::IsNotFound(holder.status())) return status;
  if (!holder.ok()) return holder.status();
  status.holder = *holder;
  absl::StatusOr<ProcessInfo> process = discovery.GetProcess(holder->pid);
  if (absl::IsNotFound(process.status())) {
    status.state = LockState::kStale;
    return status;
  }
  if (!process.ok()) return process.status();
  status.process = *process;
  status.state = process->start_token == holder->start_token
                     ? LockState::kHeld
                     : LockState::kStale;
  return status;
}

}  // namespace pm
