// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// ListenerHelper: starts //core/conformance:listener_helper as a child process
// of the test, waits for its ready file and stops it; and ParseReadyFile, the
// parser of that file.
//
// The ready file has one record per line, written atomically (temp + rename):
//   pid <helper pid>
//   child <pid of a forked child>                       (one line per child)
//   grandchild <pid of a child's child>  (--grandchildren; the i-th line is
//                                         the i-th child's child)
//   socket <kind> <tcp|udp> <local addr> <local port> <remote addr> <remote
//   port>
// where kind is tcp4, tcp6, udp4, udp6, dual, count (the flag that opened it),
// client (the connecting end of --connect) or accepted (its accepted end). An
// unconnected remote end is "0.0.0.0 0" or ":: 0". Example:
//   pid 4242
//   socket tcp4 tcp 127.0.0.1 40123 0.0.0.0 0
//   socket udp6 udp ::1 51515 :: 0

#ifndef PM_CORE_CONFORMANCE_LISTENER_HELPER_PROCESS_H_
#define PM_CORE_CONFORMANCE_LISTENER_HELPER_PROCESS_H_

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "core/ip_address.h"
#include "core/process.h"
#include "core/socket.h"

namespace pm::conformance {

// One socket the helper opened, as the helper's getsockname/getpeername saw it.
struct HelperSocket {
  std::string kind;
  Protocol protocol = Protocol::kTcp;
  Endpoint local;
  Endpoint remote;
};

// The contents of a ready file.
struct HelperReport {
  Pid pid = 0;
  std::vector<Pid> children;
  std::vector<Pid> grandchildren;
  std::vector<HelperSocket> sockets;
};

// Parses ready file text (format above). Returns InvalidArgument naming the
// line for an unknown record, a bad number or address, or a missing pid line.
// Thread-safe.
absl::StatusOr<HelperReport> ParseReadyFile(absl::string_view text);

// A running listener_helper, child of this process, with its stdin on a pipe
// held here. Destroying it kills (SIGKILL) and reaps the helper if it still
// runs; its children die with it (PR_SET_PDEATHSIG on Linux, stdin EOF
// elsewhere), so a failed test leaks nothing. Not thread-safe; use from the
// test's thread.
//
// Example:
//   absl::StatusOr<std::unique_ptr<ListenerHelper>> helper =
//       ListenerHelper::Start({"--tcp4=0", "--fork=2"});
//   uint16_t port = (*helper)->SocketOf("tcp4").local.port;
//   ... (*helper)->pid(), (*helper)->children() ...
//   absl::StatusOr<int> status = (*helper)->Stop();
class ListenerHelper {
 public:
  // Starts the helper found in the test's runfiles
  // ("pm/core/conformance/listener_helper") with `flags` plus --ready_file, and
  // waits up to `timeout` for its ready file. Returns NotFound when the binary
  // is not in the runfiles, Internal when it cannot be spawned or exits early
  // (the message gives its wait status), DeadlineExceeded when no ready file
  // appears, InvalidArgument when the file does not parse.
  static absl::StatusOr<std::unique_ptr<ListenerHelper>> Start(
      std::vector<std::string> flags,
      absl::Duration timeout = absl::Seconds(30));

  ListenerHelper(const ListenerHelper&) = delete;
  ListenerHelper& operator=(const ListenerHelper&) = delete;
  ~ListenerHelper();

  Pid pid() const { return pid_; }
  const std::vector<Pid>& children() const { return report_.children; }
  const std::vector<Pid>& grandchildren() const {
    return report_.grandchildren;
  }
  const std::vector<HelperSocket>& sockets() const { return report_.sockets; }
  // The exact argv the helper was started with (argv[0] is the binary's path).
  const std::vector<std::string>& argv() const { return argv_; }
  // The `index`-th socket of `kind`. Aborts (a bug in the test's flags) when
  // the ready file lists no such socket.
  const HelperSocket& SocketOf(absl::string_view kind, size_t index = 0) const;

  // Closes the helper's stdin, which makes it (and its children) exit, and
  // reaps it. Returns its wait status (as waitpid gives it), DeadlineExceeded
  // if it is still running after `timeout`, or the stored status if already
  // reaped.
  absl::StatusOr<int> Stop(absl::Duration timeout = absl::Seconds(30));

  // Reaps the helper once it has exited for any reason (a signal sent by the
  // test, say) without closing its stdin. Same results as Stop().
  absl::StatusOr<int> Wait(absl::Duration timeout);

 private:
  ListenerHelper() = default;

  // Reads and parses the ready file once it exists; polls until `deadline`.
  absl::Status AwaitReadyFile(const std::string& path, absl::Time deadline);

  std::vector<std::string> argv_;
  Pid pid_ = 0;
  HelperReport report_;
  int stdin_fd_ = -1;  // Write end of the helper's stdin pipe.
  bool reaped_ = false;
  int wait_status_ = 0;
};

}  // namespace pm::conformance

#endif  // PM_CORE_CONFORMANCE_LISTENER_HELPER_PROCESS_H_
