// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// KillTestBackend: an in-memory Backend whose processes react to signals, for
// testing termination logic (core/terminate.h, kill_port.h, cli kill) without
// real processes or real time.

#ifndef PM_CORE_KILL_TEST_BACKEND_H_
#define PM_CORE_KILL_TEST_BACKEND_H_

#include <functional>
#include <map>
#include <memory>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "core/backend.h"
#include "core/process.h"
#include "core/socket.h"

namespace pm::kill_testing {

// How a fake process reacts to a delivered signal.
enum class Reaction {
  kExitOnAny,   // Exits on every signal.
  kIgnoreTerm,  // Ignores TERM, INT and HUP; exits on KILL.
  kUnkillable,  // Never exits (a process stuck in uninterruptible sleep).
  kDenied,      // Signal() answers PermissionDenied (another user, EPERM).
};

// One process of the fake table.
struct FakeProcess {
  ProcessInfo info;
  Reaction reaction = Reaction::kExitOnAny;
};

// One signal the fake terminator delivered.
struct SentSignal {
  Pid pid;
  TerminationSignal signal;
  friend bool operator==(const SentSignal& a, const SentSignal& b) {
    return a.pid == b.pid && a.signal == b.signal;
  }
};

// The world a KillTestBackend answers from, shared with the test.
//   * ListProcesses/GetProcess: the running processes (exited ones vanish).
//   * ListSockets: `sockets` matching the query; a socket's owners are its
//     running owners, and a socket whose owners all exited is gone (kNotVisible
//     sockets stay).
//   * Signal: NotFound for an exited or unknown PID, FailedPrecondition for a
//     wrong start token, then the Reaction; every delivery is recorded.
//   * WaitForExit: OK when exited, else DeadlineExceeded at once (no real
//     waiting: the deadline is not looked at).
//   * Caller(): `caller` (or `caller_error` when not OK).
//   * ProbeBind: `probe`, whatever is asked; every probed endpoint is
//     recorded.
// Not thread-safe.
struct FakeWorld {
  std::map<Pid, FakeProcess> processes;
  std::vector<Socket> sockets;
  CallerInfo caller;
  absl::Status caller_error;
  absl::StatusOr<BindOutcome> probe = absl::UnimplementedError("no probe");
  // Called after a process exits, with its pid (to add a forked holder, say).
  std::function<void(FakeWorld&, Pid)> on_exit;

  std::vector<SentSignal> sent;
  std::vector<Pid> exited;  // In exit order.
  std::vector<std::pair<Protocol, Endpoint>> probed;

  // Adds a running process owned by `uid` ("user<uid>") with start token
  // pid * 1000, named `name`, argv {name}.
  FakeProcess& Add(Pid pid, Pid ppid, const std::string& name, Uid uid = 1000,
                   Reaction reaction = Reaction::kExitOnAny);
  // Adds a TCP LISTEN socket on 127.0.0.1:`port` held by `owners`.
  Socket& Listen(uint16_t port, std::vector<Pid> owners,
                 Protocol protocol = Protocol::kTcp);
  bool Running(Pid pid) const { return processes.count(pid) != 0; }
};

class KillTestBackend : public Backend {
 public:
  explicit KillTestBackend(std::shared_ptr<FakeWorld> world);
  ~KillTestBackend() override;

  absl::string_view name() const override { return "kill-test"; }
  PortProber& ports() override;
  ProcessDiscovery& processes() override;
  ProcessTerminator& terminator() override;
  absl::StatusOr<CallerInfo> Caller() override;

 private:
  class Parts;
  std::shared_ptr<FakeWorld> world_;
  std::unique_ptr<Parts> parts_;
};

}  // namespace pm::kill_testing

#endif  // PM_CORE_KILL_TEST_BACKEND_H_
