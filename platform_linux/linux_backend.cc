// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// Assembles the Linux backend and defines CreateDefaultBackend for Linux.

#include "platform_linux/linux_backend.h"

#include <pwd.h>
#include <sys/types.h>
#include <unistd.h>

#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "core/status_macros.h"
#include "platform_linux/fallback_socket_source.h"
#include "platform_linux/linux_port_prober.h"
#include "platform_linux/pidfd_terminator.h"
#include "platform_linux/proc_net_socket_source.h"
#include "platform_linux/procfs_process_discovery.h"
#include "platform_linux/sock_diag_netlink.h"

namespace pm::procfs {
namespace {

// The passwd name of `uid`, or "" when it has none.
std::string PasswdName(uid_t uid) {
  std::vector<char> buf(16384);
  struct passwd pwd;
  struct passwd* found = nullptr;
  if (getpwuid_r(uid, &pwd, buf.data(), buf.size(), &found) == 0 &&
      found != nullptr) {
    return found->pw_name;
  }
  return "";
}

class LinuxBackend : public Backend {
 public:
  LinuxBackend(std::string name, std::unique_ptr<SocketSource> source,
               const std::string& proc_root)
      : name_(std::move(name)),
        ports_(std::move(source), proc_root),
        processes_(proc_root),
        terminator_(proc_root) {}

  absl::string_view name() const override { return name_; }
  PortProber& ports() override { return ports_; }
  ProcessDiscovery& processes() override { return processes_; }
  ProcessTerminator& terminator() override { return terminator_; }

  absl::StatusOr<CallerInfo> Caller() override {
    CallerInfo caller;
    caller.pid = getpid();
    caller.uid = getuid();
    caller.user = PasswdName(getuid());
    if (caller.user.empty()) caller.user = absl::StrCat(*caller.uid);
    return caller;
  }

 private:
  std::string name_;
  LinuxPortProber ports_;
  ProcfsProcessDiscovery processes_;
  PidfdTerminator terminator_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<Backend>> CreateLinuxBackend(
    const BackendOptions& options) {
  const std::string& root = options.proc_root;
  std::unique_ptr<SocketSource> source;
  std::string name;
  switch (options.socket_source) {
    case pm::SocketSource::kProcNet:
      source = std::make_unique<ProcNetSocketSource>(root);
      name = "linux-procfs";
      break;
    case pm::SocketSource::kNetlink: {
      PM_ASSIGN_OR_RETURN(source, SockDiagSocketSource::Create());
      name = "linux-netlink";
      break;
    }
    case pm::SocketSource::kAuto: {
      if (root != "/proc") {
        // Why: netlink answers for the live kernel; a fixture root must be read
        // from its own net/ files to stay consistent with its process tree.
        source = std::make_unique<ProcNetSocketSource>(root);
        name = "linux-procfs";
        break;
      }
      absl::StatusOr<std::unique_ptr<SockDiagSocketSource>> netlink =
          SockDiagSocketSource::Create();
      std::unique_ptr<SocketSource> primary;
      if (netlink.ok()) primary = *std::move(netlink);
      source = std::make_unique<FallbackSocketSource>(
          std::move(primary), std::make_unique<ProcNetSocketSource>(root));
      name = "linux-auto";
      break;
    }
  }
  return std::unique_ptr<Backend>(
      std::make_unique<LinuxBackend>(std::move(name), std::move(source), root));
}

}  // namespace pm::procfs

namespace pm {

absl::StatusOr<std::unique_ptr<Backend>> CreateDefaultBackend(
    const BackendOptions& options) {
  return procfs::CreateLinuxBackend(options);
}

}  // namespace pm
