// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// FakeBackend: a Backend over a fixed socket table and process table, for
// testing the pm commands without the OS.

#ifndef PM_CLI_FAKE_BACKEND_H_
#define PM_CLI_FAKE_BACKEND_H_

#include <functional>
#include <map>
#include <memory>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "core/backend.h"
#include "core/process.h"
#include "core/socket.h"

namespace pm::cli {

// The tables a FakeBackend answers from, and what it was asked. Shared (by
// shared_ptr) between the test and the backends it makes, so a test can inspect
// the calls after the command has destroyed its backend.
struct FakeTables {
  std::vector<Socket> sockets;  // Returned as given, filtered by SocketMatches.
  // GetProcess answers; a PID absent here is NotFound.
  std::map<Pid, absl::StatusOr<ProcessInfo>> processes;
  absl::Status list_error;  // Returned by ListSockets when not OK.

  int backends_created = 0;
  std::vector<SocketQuery> queries;  // Every ListSockets query, in order.
  std::vector<Pid> lookups;          // Every GetProcess pid, in order.
};

// A Backend whose prober applies SocketMatches to FakeTables::sockets (owners
// are returned as stored) and whose discovery answers from
// FakeTables::processes. The terminator refuses everything (Unimplemented).
// Thread-compatible.
class FakeBackend : public Backend {
 public:
  explicit FakeBackend(std::shared_ptr<FakeTables> tables);
  ~FakeBackend() override;

  absl::string_view name() const override { return "fake"; }
  PortProber& ports() override;
  ProcessDiscovery& processes() override;
  ProcessTerminator& terminator() override;

 private:
  class Prober;
  class Discovery;
  class Terminator;
  std::unique_ptr<Prober> prober_;
  std::unique_ptr<Discovery> discovery_;
  std::unique_ptr<Terminator> terminator_;
};

// A factory for the pm commands that makes FakeBackends over `tables` and
// counts them in tables->backends_created.
std::function<absl::StatusOr<std::unique_ptr<Backend>>()> FakeBackendFactory(
    std::shared_ptr<FakeTables> tables);

}  // namespace pm::cli

#endif  // PM_CLI_FAKE_BACKEND_H_
