// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// The Windows backend: CreateDefaultBackend() for //platform_windows:backend.

#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#ifndef NOMINMAX
#define NOMINMAX
#endif
#include <windows.h>  // GetCurrentProcessId.

#include <memory>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "core/backend.h"
#include "core/process.h"
#include "core/process_terminator.h"
#include "platform_windows/ip_helper_port_prober.h"
#include "platform_windows/toolhelp_process_discovery.h"

namespace pm {
namespace win {
namespace {

// TODO: termination (OpenProcess once, start-time check on that HANDLE,
// TerminateProcess, WaitForSingleObject) is a later issue.
class UnimplementedTerminator final : public ProcessTerminator {
 public:
  absl::Status Signal(const ProcessIdentity& target,
                      TerminationSignal signal) override {
    return absl::UnimplementedError(
        "termination on Windows is not implemented yet");
  }
  absl::Status WaitForExit(const ProcessIdentity& target,
                           absl::Time deadline) override {
    return absl::UnimplementedError(
        "termination on Windows is not implemented yet");
  }
};

class Win32Backend final : public Backend {
 public:
  absl::string_view name() const override { return "windows-iphlpapi"; }
  PortProber& ports() override { return ports_; }
  ProcessDiscovery& processes() override { return processes_; }
  ProcessTerminator& terminator() override { return terminator_; }

  // Windows has no uids: the caller's user is its token's "DOMAIN\name", as
  // discovery reports every process's (the kill guard compares the names).
  absl::StatusOr<CallerInfo> Caller() override {
    CallerInfo caller;
    caller.pid = static_cast<Pid>(GetCurrentProcessId());
    absl::StatusOr<ProcessInfo> self = processes_.GetProcess(caller.pid);
    if (!self.ok()) return self.status();
    caller.user = self->user;
    return caller;
  }

 private:
  IpHelperPortProber ports_;
  ToolhelpProcessDiscovery processes_;
  UnimplementedTerminator terminator_;
};

}  // namespace
}  // namespace win

absl::StatusOr<std::unique_ptr<Backend>> CreateDefaultBackend(
    const BackendOptions& options) {
  // proc_root is a Linux option and is ignored here.
  if (options.socket_source != SocketSource::kAuto) {
    return absl::InvalidArgumentError(
        "the netlink and /proc/net socket sources are Linux-only; Windows "
        "reads sockets through IP Helper (use SocketSource::kAuto)");
  }
  return std::make_unique<win::Win32Backend>();
}

}  // namespace pm
