// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// Fixture records for the cli tests.

#include "cli/test_sockets.h"

#include <cstdlib>
#include <utility>

#include "absl/time/time.h"

namespace pm::cli::testing {

Socket MakeSocket(Protocol protocol, const std::string& address, uint16_t port,
                  SocketState state, std::vector<Pid> owners,
                  OwnerVisibility visibility) {
  Socket socket;
  socket.protocol = protocol;
  absl::StatusOr<IpAddress> parsed = IpAddress::Parse(address);
  if (!parsed.ok()) std::abort();  // A broken fixture, not a test failure.
  socket.local = Endpoint{*parsed, port};
  socket.remote = Endpoint{IpAddress::Any(parsed->family()), 0};
  socket.state = state;
  socket.uid = 1000;
  socket.inode = 5000 + port;
  socket.owners = std::move(owners);
  socket.owner_visibility = visibility;
  return socket;
}

ProcessInfo MakeProcess(Pid pid, const std::string& name,
                        std::vector<std::string> cmdline) {
  ProcessInfo info;
  info.pid = pid;
  info.ppid = 1;
  info.name = name;
  info.exe = "/usr/bin/" + name;
  info.cmdline = std::move(cmdline);
  info.uid = 1000;
  info.user = "alice";
  info.start_time = absl::FromUnixSeconds(1767225600);
  info.start_token = 777;
  return info;
}

}  // namespace pm::cli::testing
