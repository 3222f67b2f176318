// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// CreateDefaultLocalSystem and InstallSignalHandlers for OSes without an
// implementation yet (Windows: LockFileEx, a named pipe and
// SetConsoleCtrlHandler are to come). Linked by //core:default_local_system
// where platform_posix does not apply, so that programs using them still
// build and report Unimplemented at run time.

#include "absl/status/status.h"
#include "core/local_system.h"
#include "core/shutdown_signals.h"

namespace pm {

absl::StatusOr<std::unique_ptr<LocalSystem>> CreateDefaultLocalSystem() {
  return absl::UnimplementedError(
      "single-instance locks, PID files and the second-instance channel are "
      "not implemented on this OS yet");
}

absl::StatusOr<std::unique_ptr<ShutdownSignalWatch>> InstallSignalHandlers(
    ShutdownHandlers& handlers, ShutdownSignalOptions options) {
  return absl::UnimplementedError(
      "shutdown signal handling is not implemented on this OS yet");
}

}  // namespace pm
