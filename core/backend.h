// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// Backend: one OS's implementation of the three interfaces, and the link-time
// hook that creates the native one. Exactly one platform_<os>/ package defines
// CreateDefaultBackend; //platform:default_backend picks it with select().

#ifndef PM_CORE_BACKEND_H_
#define PM_CORE_BACKEND_H_

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "core/port_prober.h"
#include "core/process.h"
#include "core/process_discovery.h"
#include "core/process_terminator.h"

namespace pm {

// Where a backend reads the socket table from, for OSes with more than one
// source.
enum class SocketSource {
  kAuto,  // The fastest available (Linux: sock_diag netlink, else /proc/net).
  kNetlink,  // Linux: NETLINK_SOCK_DIAG only; fail if the kernel refuses it.
  kProcNet,  // Linux: /proc/net/{tcp,tcp6,udp,udp6} only.
};

// Options for creating a backend. Fields an OS has no use for are ignored.
struct BackendOptions {
  // Root of procfs (Linux). Tests point it at fixture trees under testdata/.
  std::string proc_root = "/proc";
  SocketSource socket_source = SocketSource::kAuto;
};

// The three OS services a backend provides. The Backend owns them; references
// returned stay valid for the Backend's lifetime. Thread safety is that of the
// parts (see each interface).
class Backend {
 public:
  virtual ~Backend() = default;

  // A short name for messages and test names: "linux-netlink", "linux-procfs".
  virtual absl::string_view name() const = 0;
  virtual PortProber& ports() = 0;
  virtual ProcessDiscovery& processes() = 0;
  virtual ProcessTerminator& terminator() = 0;

  // Describes the calling process: its pid, real uid and user name, read at
  // each call (a process that dropped privileges gets its new uid). The kill
  // guard (core/kill_guard.h) needs it. The default, for backends that cannot
  // tell (test fakes), is Unimplemented, and core then refuses every
  // termination. Thread-safe.
  virtual absl::StatusOr<CallerInfo> Caller() {
    return absl::UnimplementedError(
        "this backend cannot tell which process is calling");
  }
};

// Creates this OS's backend. Returns InvalidArgument for options the OS cannot
// honour (kNetlink on macOS), Unavailable when a required facility is refused
// (netlink sock_diag blocked by a sandbox with kNetlink forced).
absl::StatusOr<std::unique_ptr<Backend>> CreateDefaultBackend(
    const BackendOptions& options = BackendOptions());

}  // namespace pm

#endif  // PM_CORE_BACKEND_H_
