// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// The macOS backend: CreateDefaultBackend() for //platform_macos:backend.

#include <pwd.h>
#include <sys/types.h>
#include <unistd.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "core/backend.h"
#include "core/process.h"
#include "core/process_terminator.h"
#include "platform_macos/libproc_port_prober.h"
#include "platform_macos/libproc_process_discovery.h"

namespace pm {
namespace macos {
namespace {

// TODO: termination (kill(2) after a start-time check, kqueue EVFILT_PROC
// NOTE_EXIT for WaitForExit) is a later issue.
class UnimplementedTerminator final : public ProcessTerminator {
 public:
  absl::Status Signal(const ProcessIdentity& target,
                      TerminationSignal signal) override {
    return absl::UnimplementedError(
        "termination on macOS is not implemented yet");
  }
  absl::Status WaitForExit(const ProcessIdentity& target,
                           absl::Time deadline) override {
    return absl::UnimplementedError(
        "termination on macOS is not implemented yet");
  }
};

class LibprocBackend final : public Backend {
 public:
  absl::string_view name() const override { return "macos-libproc"; }
  PortProber& ports() override { return ports_; }
  ProcessDiscovery& processes() override { return processes_; }
  ProcessTerminator& terminator() override { return terminator_; }

  absl::StatusOr<CallerInfo> Caller() override {
    CallerInfo caller;
    caller.pid = getpid();
    caller.uid = getuid();
    std::vector<char> buf(16384);
    struct passwd pwd;
    struct passwd* found = nullptr;
    if (getpwuid_r(getuid(), &pwd, buf.data(), buf.size(), &found) == 0 &&
        found != nullptr) {
      caller.user = found->pw_name;
    } else {
      caller.user = absl::StrCat(*caller.uid);
    }
    return caller;
  }

 private:
  LibprocPortProber ports_;
  LibprocProcessDiscovery processes_;
  UnimplementedTerminator terminator_;
};

}  // namespace
}  // namespace macos

absl::StatusOr<std::unique_ptr<Backend>> CreateDefaultBackend(
    const BackendOptions& options) {
  // proc_root is a Linux option and is ignored here.
  if (options.socket_source != SocketSource::kAuto) {
    return absl::InvalidArgumentError(
        "the netlink and /proc/net socket sources are Linux-only; macOS reads "
        "sockets through libproc (use SocketSource::kAuto)");
  }
  return std::make_unique<macos::LibprocBackend>();
}

}  // namespace pm
